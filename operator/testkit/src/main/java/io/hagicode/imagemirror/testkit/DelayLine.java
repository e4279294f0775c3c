package io.hagicode.imagemirror.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;

/**
 * One direction of one shaped connection. A reader takes bytes from {@code from} as fast as the token buckets allow and
 * stamps each chunk with the time it may be delivered (now + latency); a writer delivers each chunk to {@code to} when
 * it falls due. Reading goes on while chunks wait, so the latency delays the stream without serialising it: a long
 * transfer takes its size over the rate plus one latency, not a latency per chunk.
 */
final class DelayLine {
    static final int CHUNK = 16 * 1024;
    /** Chunks waiting for delivery at most; beyond it the reader stops, and so does the sender (TCP back-pressure). */
    private static final int MAX_WAITING = 4096;
    /** An empty chunk marks the end of the stream; it too is delivered (as a half-close) after the latency. */
    private record Chunk(byte[] bytes, long dueNanos) {
        boolean isEnd() {
            return bytes.length == 0;
        }
    }

    private final Socket from;
    private final Socket to;
    private final long latencyNanos;
    private final TokenBucket connection;
    private final TokenBucket link;
    private final LongConsumer onRead;
    private final LongConsumer onDelivered;
    private final Runnable onFailure;
    private final BlockingQueue<Chunk> waiting = new LinkedBlockingQueue<>(MAX_WAITING);

    /**
     * @param onRead      told the time of each read from {@code from}
     * @param onDelivered told the byte count of each chunk as it is delivered to {@code to}, just before the write
     * @param onFailure   run when either side fails: the connection is over
     */
    DelayLine(Socket from, Socket to, long latencyNanos, TokenBucket connection, TokenBucket link, LongConsumer onRead,
              LongConsumer onDelivered, Runnable onFailure) {
        this.from = from;
        this.to = to;
        this.latencyNanos = latencyNanos;
        this.connection = connection;
        this.link = link;
        this.onRead = onRead;
        this.onDelivered = onDelivered;
        this.onFailure = onFailure;
    }

    void read() {
        byte[] buffer = new byte[CHUNK];
        try {
            // Not closed here: closing a socket's stream closes the socket, and the other direction may still be busy.
            InputStream in = from.getInputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                onRead.accept(System.nanoTime());
                connection.take(n);
                link.take(n);
                waiting.put(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + latencyNanos));
            }
            waiting.put(new Chunk(new byte[0], System.nanoTime() + latencyNanos));
        } catch (IOException e) {
            onFailure.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            onFailure.run();
        }
    }

    void write() {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk chunk = waiting.take();
                TokenBucket.sleepUntil(chunk.dueNanos());
                if (chunk.isEnd()) {
                    to.shutdownOutput();
                    return;
                }
                // Told before the write, not after: the peer may answer the moment the bytes arrive, and the
                // ExchangeClock must by then know the server answered, or it merges two exchanges into one (seen once
                // on a loaded machine: 3 exchanges counted instead of 4).
                onDelivered.accept(chunk.bytes().length);
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException e) {
            onFailure.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            onFailure.run();
        }
    }
}
