package io.hagicode.imagemirror.sync;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine's own retries, above the client's per-request ones: a blob upload or manifest push that failed for a
 * retryable reason ({@link Failure#isRetryable}) is tried up to {@code MirrorJob.retries()} more times, with an
 * exponential pause between tries.
 */
final class Retrier {
    private static final long MAX_PAUSE_MILLIS = 10_000;
    private final int attempts;
    private final Duration backoff;
    private final Cancellation cancellation;

    Retrier(int retries, Duration backoff, Cancellation cancellation) {
        this.attempts = retries + 1;
        this.backoff = backoff;
        this.cancellation = cancellation;
    }

    int attempts() {
        return attempts;
    }

    /**
     * Runs {@code action} until it succeeds; {@code onFailure} sees each failure. The last failure is rethrown as a
     * {@link Failure.FailureException} naming {@code context} and the number of attempts.
     */
    <T> T call(String context, Supplier<T> action, Consumer<RuntimeException> onFailure) {
        RuntimeException last = null;
        int made = 0;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) {
                pauseBefore(attempt);
            }
            cancellation.throwIfCancelled();
            made++;
            try {
                return action.get();
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
                onFailure.accept(e);
                if (!Failure.isRetryable(e)) {
                    break;
                }
            }
        }
        throw Failure.of(context, last).with(attemptsNote(made)).exception();
    }

    static String attemptsNote(int made) {
        return made == 1 ? "(1 attempt)" : "(" + made + " attempts)";
    }

    /** Sleeps before attempt number {@code attempt} (1 for the first retry); an interrupt cancels. */
    void pauseBefore(int attempt) {
        long millis = Math.min(MAX_PAUSE_MILLIS, backoff.toMillis() << Math.min(attempt - 1, 10));
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting to retry");
        }
    }
}
