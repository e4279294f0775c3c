package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Backoff;
import io.hagicode.imagemirror.oci.RegistryException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The engine's one retry: a blob upload as a whole, {@code retries + 1} attempts in all, each reading its content
 * again. Single requests are the client transport's to retry, and the client repeats none of an upload's requests, so
 * a fault that never heals costs {@code retries + 1} tries of the request it hits, whichever that is. The wait between
 * attempts is reckoned as the client reckons its own ({@link Backoff}): exponential with jitter, or what the registry
 * asked for in {@code Retry-After}. No attempt starts once the sync is cancelled.
 */
final class UploadRetry {
    private final int attempts;
    private final Backoff backoff;
    private final Cancellation cancellation;

    UploadRetry(int retries, Backoff backoff, Cancellation cancellation) {
        this.attempts = retries + 1;
        this.backoff = backoff;
        this.cancellation = cancellation;
    }

    int attempts() {
        return attempts;
    }

    static String attemptsNote(int made) {
        return made == 1 ? "(1 attempt)" : "(" + made + " attempts)";
    }

    /**
     * Before attempt number {@code attempt} (0 for the first): for a retry, sleeps as {@code lastFailure} asks if it
     * carries a {@code Retry-After}, else the backoff; then throws {@link CancellationException} if the sync was
     * cancelled (an interrupt cancels too).
     */
    void beforeAttempt(int attempt, Throwable lastFailure) {
        long millis = attempt == 0 ? 0 : backoff.millisBefore(attempt, retryAfter(lastFailure));
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting to retry");
            }
        }
        cancellation.throwIfCancelled();
    }

    /** True once the sync was cancelled: a failure then is the cancellation's doing, not the registry's. */
    boolean cancelled() {
        return cancellation.isCancelled();
    }

    private static Optional<Duration> retryAfter(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RegistryException e) {
                return e.retryAfter();
            }
        }
        return Optional.empty();
    }
}
