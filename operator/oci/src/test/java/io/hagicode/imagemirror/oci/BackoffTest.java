package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wait before a retry: exponential, jittered, capped, and replaced by Retry-After. */
class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void backoffDoublesAndIsCapped() {
        assertThat(backoff.millisBefore(1, 1.0)).isEqualTo(100);
        assertThat(backoff.millisBefore(2, 1.0)).isEqualTo(200);
        assertThat(backoff.millisBefore(3, 1.0)).isEqualTo(400);
        assertThat(backoff.millisBefore(3, 0.5)).isEqualTo(200);
        assertThat(backoff.millisBefore(10, 1.4)).isEqualTo(1000);
    }

    @Test
    void jitterStaysWithinHalfAndOneAndAHalfTimes() {
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.millisBefore(2, Optional.empty())).isBetween(100L, 300L);
        }
    }

    @Test
    void retryAfterReplacesTheBackoffAndIsCapped() {
        assertThat(backoff.millisBefore(1, Optional.of(Duration.ofMillis(300)))).isEqualTo(300);
        assertThat(backoff.millisBefore(1, Optional.of(Duration.ofSeconds(3)))).isEqualTo(1000);
        assertThat(backoff.millisBefore(1, Optional.of(Duration.ofDays(365 * 100)))).isEqualTo(1000);
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
