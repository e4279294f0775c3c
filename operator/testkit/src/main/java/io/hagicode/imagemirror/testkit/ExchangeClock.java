package io.hagicode.imagemirror.testkit;

import java.util.function.Consumer;

/**
 * Finds the request/response exchanges of one HTTP/1.1 connection from its byte flow alone, without parsing HTTP: an
 * exchange starts when the client sends bytes after the server has answered (or first on the connection) and ends with
 * the last server byte delivered to the client before the next start or the close. This is exact for clients that do
 * not pipeline (Go's net/http, OkHttp, the JDK client), and it counts a 100-continue as two exchanges.
 */
final class ExchangeClock {
    private final Consumer<long[]> sink;
    private long start = -1;
    private long lastAnswer = -1;
    private boolean answered;

    /** @param sink receives each finished exchange as {@code {startNanos, endNanos}} */
    ExchangeClock(Consumer<long[]> sink) {
        this.sink = sink;
    }

    synchronized void clientSent(long nanos) {
        if (start < 0 || answered) {
            finish();
            start = nanos;
            answered = false;
        }
    }

    synchronized void serverDelivered(long nanos) {
        if (start >= 0) {
            answered = true;
            lastAnswer = nanos;
        }
    }

    /** The connection closed: an exchange in progress ends at its last answer byte (or now when it had none). */
    synchronized void close() {
        if (start >= 0 && !answered) {
            lastAnswer = System.nanoTime();
            answered = true;
        }
        finish();
        start = -1;
    }

    private void finish() {
        if (start >= 0 && answered) {
            sink.accept(new long[] {start, Math.max(start, lastAnswer)});
        }
    }
}
