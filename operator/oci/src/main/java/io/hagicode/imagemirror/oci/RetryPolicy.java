package io.hagicode.imagemirror.oci;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Retries of idempotent operations: on 408, 429, 5xx and connection faults, up to {@code maxAttempts} tries in all,
 * with exponential backoff and jitter ({@code initial * 2^(n-1)}, times a random factor in [0.5, 1.5), capped). A
 * {@code Retry-After} from the registry replaces the computed wait, also capped, so a registry asking for an hour
 * cannot stall a sync: the attempts simply run out. The last failure is rethrown as it was, keeping its kind.
 */
final class RetryPolicy {
    private final RetryConfig config;
    private final long initialMillis;
    private final long maxMillis;

    RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this.initialMillis = initialBackoff.toMillis();
        this.maxMillis = maxBackoff.toMillis();
        IntervalBiFunction<Object> interval = this::intervalMillis;
        this.config = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .retryOnException(RetryPolicy::isRetryable)
                .intervalBiFunction(interval)
                .failAfterMaxAttempts(false)
                .build();
    }

    static RetryPolicy of(ClientOptions options) {
        return new RetryPolicy(options.maxAttempts(), options.initialBackoff(), options.maxBackoff());
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or the attempts run out. */
    <T> T call(String what, Supplier<T> attempt) {
        return Retry.of(what, config).executeSupplier(attempt);
    }

    void run(String what, Runnable attempt) {
        call(what, () -> {
            attempt.run();
            return null;
        });
    }

    /** An interrupted thread is being cancelled (the engine stops a sync that way): no further tries. */
    private static boolean isRetryable(Throwable error) {
        return error instanceof RegistryException e && e.isRetryable() && !Thread.currentThread().isInterrupted();
    }

    /** @param retry 1 for the wait before the second try */
    long intervalMillis(int retry, Either<Throwable, Object> outcome) {
        if (outcome.isLeft() && outcome.getLeft() instanceof ResponseException e && e.retryAfter().isPresent()) {
            return Math.min(e.retryAfter().get().toMillis(), maxMillis);
        }
        return backoffMillis(retry, ThreadLocalRandom.current().nextDouble(0.5, 1.5));
    }

    long backoffMillis(int retry, double jitter) {
        double exponential = initialMillis * Math.pow(2, Math.max(0, retry - 1));
        return (long) Math.min(maxMillis, exponential * jitter);
    }
}
