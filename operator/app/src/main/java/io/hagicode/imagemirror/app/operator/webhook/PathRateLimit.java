package io.hagicode.imagemirror.app.operator.webhook;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per path: {@code burst} requests at once, refilled at {@code perSecond}. A burst must hold one push
 * of a multi-arch image as its sender reports it (Distribution sends an event per manifest); a flood beyond it is
 * answered 429 before its body is read. Buckets exist only for registered paths, so unknown paths cost no memory.
 */
final class PathRateLimit {
    private final double burst;
    private final double perSecond;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    PathRateLimit(int burst, double perSecond, Clock clock) {
        if (burst < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("a webhook rate limit needs burst >= 1 and a positive rate, was burst "
                    + burst + ", " + perSecond + "/s");
        }
        this.burst = burst;
        this.perSecond = perSecond;
        this.clock = clock;
    }

    boolean tryAcquire(String path) {
        return buckets.computeIfAbsent(path, p -> new Bucket(burst, clock.millis())).take(burst, perSecond,
                clock.millis());
    }

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        synchronized boolean take(double burst, double perSecond, long now) {
            tokens = Math.min(burst, tokens + (now - at) / 1000.0 * perSecond);
            at = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
