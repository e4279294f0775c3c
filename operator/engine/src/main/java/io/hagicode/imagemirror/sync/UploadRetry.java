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
 * asked for in {@code Retry-After}.
 */
final class UploadRetry {
    private final int attempts;
    private final Backoff backoff;

    UploadRetry(int retries, Backoff backoff) {
        this.attempts = retries + 1;
        this.backoff = backoff;
    }

    int attempts() {
        return attempts;
    }

    static String attemptsNote(int made) {
        return made == 1 ? "(1 attempt)" : "(" + made + " attempts)";
    }

    /**
     * Sleeps before attempt number {@code attempt} (1 for the first retry), as {@code lastFailure} asks if it carries a
     * {@code Retry-After}; an interrupt cancels.
     */
    void pauseBefore(int attempt, Throwable lastFailure) {
        long millis = backoff.millisBefore(attempt, retryAfter(lastFailure));
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

    private static Optional<Duration> retryAfter(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RegistryException e) {
                return e.retryAfter();
            }
        }
        return Optional.empty();
    }
}
