package io.hagicode.imagemirror.sync;

/**
 * The AIMD window of one registry: a 429 halves it (never below 1), and every {@code recoveryEvery} successes add one
 * back, up to the cap. Decreases closer together than {@code cooldownNanos} count once, because one burst of throttling
 * is usually reported several times (by the client's observer and again by the failed request) and should not collapse
 * the window to 1. Not thread-safe: {@link TransferLimits} guards it with its lock.
 */
final class AdaptiveLimit {
    private final int cap;
    private final int recoveryEvery;
    private final long cooldownNanos;
    private int limit;
    private int successes;
    private long lastDecrease;
    private boolean everDecreased;

    AdaptiveLimit(int cap, int recoveryEvery, long cooldownNanos) {
        if (cap < 1) {
            throw new IllegalArgumentException("a registry cap must be at least 1, was " + cap);
        }
        this.cap = cap;
        this.recoveryEvery = Math.max(1, recoveryEvery);
        this.cooldownNanos = Math.max(0, cooldownNanos);
        this.limit = cap;
    }

    /** Multiplicative decrease; returns true when the window changed. */
    boolean throttled(long nowNanos) {
        if (everDecreased && nowNanos - lastDecrease < cooldownNanos) {
            return false;
        }
        everDecreased = true;
        lastDecrease = nowNanos;
        successes = 0;
        int halved = Math.max(1, limit / 2);
        boolean changed = halved != limit;
        limit = halved;
        return changed;
    }

    /** Additive increase; returns true when the window grew. */
    boolean succeeded() {
        if (limit >= cap) {
            return false;
        }
        successes++;
        if (successes < recoveryEvery) {
            return false;
        }
        successes = 0;
        limit++;
        return true;
    }

    int limit() {
        return limit;
    }

    int cap() {
        return cap;
    }
}
