package io.hagicode.imagemirror.oci;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before a retry: {@code initial * 2^(n-1)} for the n-th retry, times a random factor in [0.5, 1.5) so that
 * clients failing together do not retry together, at most {@code max}. A {@code Retry-After} from the registry replaces
 * it, also capped, so a registry asking for an hour cannot stall a sync: the attempts simply run out.
 *
 * @param initial the wait before the first retry
 * @param max     the cap on any wait
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative");
        }
    }

    public static Backoff of(ClientOptions options) {
        return new Backoff(options.initialBackoff(), options.maxBackoff());
    }

    /**
     * @param retry      1 for the wait before the second try
     * @param retryAfter what the registry asked for, if it did
     */
    public long millisBefore(int retry, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return Math.min(retryAfter.get().toMillis(), max.toMillis());
        }
        return millisBefore(retry, ThreadLocalRandom.current().nextDouble(0.5, 1.5));
    }

    long millisBefore(int retry, double jitter) {
        double exponential = initial.toMillis() * Math.pow(2, Math.max(0, retry - 1));
        return (long) Math.min(max.toMillis(), exponential * jitter);
    }
}
