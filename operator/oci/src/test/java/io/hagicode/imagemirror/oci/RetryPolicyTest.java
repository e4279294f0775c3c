package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Backoff, Retry-After handling and which failures are retried. */
class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void backoffDoublesAndIsCapped() {
        assertThat(policy.backoffMillis(1, 1.0)).isEqualTo(100);
        assertThat(policy.backoffMillis(2, 1.0)).isEqualTo(200);
        assertThat(policy.backoffMillis(3, 1.0)).isEqualTo(400);
        assertThat(policy.backoffMillis(3, 0.5)).isEqualTo(200);
        assertThat(policy.backoffMillis(10, 1.4)).isEqualTo(1000);
    }

    @Test
    void jitterStaysWithinHalfAndOneAndAHalfTimes() {
        for (int i = 0; i < 100; i++) {
            long wait = policy.intervalMillis(2, Either.left(new RuntimeException()));
            assertThat(wait).isBetween(100L, 300L);
        }
    }

    @Test
    void retryAfterReplacesTheBackoffAndIsCapped() {
        ResponseException in3s = new ResponseException(RegistryErrorKind.TOO_MANY_REQUESTS, 429, "x", Duration.ofSeconds(3));
        ResponseException in300ms = new ResponseException(RegistryErrorKind.TOO_MANY_REQUESTS, 429, "x",
                Duration.ofMillis(300));

        assertThat(policy.intervalMillis(1, Either.left(in300ms))).isEqualTo(300);
        assertThat(policy.intervalMillis(1, Either.left(in3s))).isEqualTo(1000);
    }

    @Test
    void retriesRetryableFailuresUpToTheAttemptsAndKeepsTheLastKind() {
        RetryPolicy fast = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> fast.call("op", () -> {
            int n = calls.incrementAndGet();
            throw new RegistryException(n < 3 ? RegistryErrorKind.SERVER_ERROR : RegistryErrorKind.NETWORK, 0, "try " + n);
        })).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.kind()).isEqualTo(RegistryErrorKind.NETWORK);
            assertThat(e.getMessage()).isEqualTo("try 3");
        });
        assertThat(calls).hasValue(3);
    }

    @Test
    void doesNotRetryOtherFailures() {
        RetryPolicy fast = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> fast.call("op", () -> {
            calls.incrementAndGet();
            throw new RegistryException(RegistryErrorKind.DENIED, 403, "no");
        })).isInstanceOf(RegistryException.class);
        assertThatThrownBy(() -> fast.call("op", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void anInterruptedThreadIsNotRetried() {
        RetryPolicy fast = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);
        AtomicInteger calls = new AtomicInteger();

        try {
            assertThatThrownBy(() -> fast.call("op", () -> {
                calls.incrementAndGet();
                Thread.currentThread().interrupt();
                throw new RegistryException(RegistryErrorKind.NETWORK, 0, "interrupted while talking to x");
            })).isInstanceOf(RegistryException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void a408IsRetried() {
        RetryPolicy fast = new RetryPolicy(2, Duration.ZERO, Duration.ZERO);
        AtomicInteger calls = new AtomicInteger();

        String result = fast.call("op", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new RegistryException(RegistryErrorKind.OTHER, 408, "timeout");
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(2);
    }

    @Test
    void parsesRetryAfterSecondsAndDates() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        assertThat(RetryAfter.parse("120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Wed, 01 Jan 2025 00:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Tue, 31 Dec 2024 23:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse(null, now)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999", now)).hasValueSatisfying(
                d -> assertThat(d).isGreaterThan(Duration.ofDays(365)));
    }
}
