package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.RequestObserver;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Bounds on blob transfers, shared by every sync that runs through one engine (the operator runs all its mirrors
 * through one instance). Three bounds apply at once:
 * <ul>
 *   <li>per mirror: {@code MirrorJob.concurrency()} blobs in flight, enforced by the size of each sync's pool;</li>
 *   <li>process-wide: at most {@code globalCap} blobs in flight over all syncs (one slot per blob, however many
 *       targets it fans out to);</li>
 *   <li>per registry host: at most that registry's current window of streams (a source read or a target upload each
 *       take one). The window is adaptive (AIMD): a 429 from that registry halves it, successes grow it back by one per
 *       {@code recoveryEvery}, up to its cap. Other registries are unaffected.</li>
 * </ul>
 * A transfer takes all its slots at once under one lock ({@link #acquire}), so two syncs can never deadlock holding
 * part of what each needs. A registry with nothing in flight always admits one transfer, even when it asks for more
 * slots than the window (two targets on one registry with the window at 1).
 */
public final class TransferLimits {
    public static final int DEFAULT_GLOBAL_CAP = 16;
    public static final int DEFAULT_REGISTRY_CAP = 8;
    public static final int DEFAULT_RECOVERY_EVERY = 10;
    public static final Duration DEFAULT_DECREASE_COOLDOWN = Duration.ofSeconds(1);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final int globalCap;
    private final int registryCap;
    private final Map<String, Integer> registryCaps;
    private final int recoveryEvery;
    private final long cooldownNanos;
    private final LongSupplier nanoTime;
    private final Map<String, AdaptiveLimit> windows = new HashMap<>();
    private final Map<String, Integer> inFlight = new HashMap<>();
    private int globalInFlight;

    private TransferLimits(Builder b) {
        if (b.globalCap < 1 || b.registryCap < 1) {
            throw new IllegalArgumentException("transfer caps must be at least 1, were global=" + b.globalCap
                    + ", registry=" + b.registryCap);
        }
        this.globalCap = b.globalCap;
        this.registryCap = b.registryCap;
        this.registryCaps = Map.copyOf(b.registryCaps);
        this.recoveryEvery = b.recoveryEvery;
        this.cooldownNanos = b.decreaseCooldown.toNanos();
        this.nanoTime = b.nanoTime;
    }

    public static TransferLimits defaults() {
        return builder().build();
    }

    public static TransferLimits of(int globalCap, int registryCap) {
        return builder().globalCap(globalCap).registryCap(registryCap).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Blocks until the global slot and one slot per entry of {@code registries} (a multiset) are all free. */
    TransferLease acquire(List<String> registries) throws InterruptedException {
        Map<String, Integer> wanted = new HashMap<>();
        registries.forEach(r -> wanted.merge(r, 1, Integer::sum));
        lock.lockInterruptibly();
        try {
            while (!admits(wanted)) {
                released.await();
            }
            globalInFlight++;
            wanted.forEach((r, n) -> inFlight.merge(r, n, Integer::sum));
        } finally {
            lock.unlock();
        }
        return new TransferLease(this, registries);
    }

    private boolean admits(Map<String, Integer> wanted) {
        if (globalInFlight >= globalCap) {
            return false;
        }
        for (Map.Entry<String, Integer> e : wanted.entrySet()) {
            int busy = inFlight.getOrDefault(e.getKey(), 0);
            if (busy > 0 && busy + e.getValue() > window(e.getKey()).limit()) {
                return false;
            }
        }
        return true;
    }

    void release(Collection<String> registries, boolean global) {
        lock.lock();
        try {
            for (String r : registries) {
                inFlight.computeIfPresent(r, (k, n) -> n <= 1 ? null : n - 1);
            }
            if (global) {
                globalInFlight--;
            }
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The registry answered 429: halve its window (once per cooldown). */
    public void throttled(String registry) {
        lock.lock();
        try {
            window(registry).throttled(nanoTime.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    /** A transfer with the registry succeeded: counts towards growing its window back. */
    public void succeeded(String registry) {
        lock.lock();
        try {
            if (window(registry).succeeded()) {
                released.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * An observer to put in the client's {@code ClientOptions}: it sees the 429s the client retries on its own, which
     * the engine would otherwise never hear of. {@code registry} must be named as in {@code Repository.registry()}.
     */
    public RequestObserver throttleObserver() {
        return (registry, method, status, nanos) -> {
            if (status == 429) {
                throttled(registry);
            }
        };
    }

    /** The current window of {@code registry} (its cap when it was never throttled). */
    public int currentLimit(String registry) {
        lock.lock();
        try {
            return window(registry).limit();
        } finally {
            lock.unlock();
        }
    }

    /** Every registry seen so far and its current window, for metrics. */
    public Map<String, Integer> currentLimits() {
        lock.lock();
        try {
            Map<String, Integer> out = new TreeMap<>();
            windows.forEach((r, w) -> out.put(r, w.limit()));
            return out;
        } finally {
            lock.unlock();
        }
    }

    public int inFlight(String registry) {
        lock.lock();
        try {
            return inFlight.getOrDefault(registry, 0);
        } finally {
            lock.unlock();
        }
    }

    public int globalInFlight() {
        lock.lock();
        try {
            return globalInFlight;
        } finally {
            lock.unlock();
        }
    }

    public int globalCap() {
        return globalCap;
    }

    private AdaptiveLimit window(String registry) {
        return windows.computeIfAbsent(registry,
                r -> new AdaptiveLimit(registryCaps.getOrDefault(r, registryCap), recoveryEvery, cooldownNanos));
    }

    @Override
    public String toString() {
        return "TransferLimits[global=" + globalCap + ", registry=" + registryCap + ", overrides=" + registryCaps + "]";
    }

    /** Settings for {@link TransferLimits}; every value has a sensible default. */
    public static final class Builder {
        private int globalCap = DEFAULT_GLOBAL_CAP;
        private int registryCap = DEFAULT_REGISTRY_CAP;
        private final Map<String, Integer> registryCaps = new HashMap<>();
        private int recoveryEvery = DEFAULT_RECOVERY_EVERY;
        private Duration decreaseCooldown = DEFAULT_DECREASE_COOLDOWN;
        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {
        }

        /** Blobs in flight over every sync of the process. */
        public Builder globalCap(int cap) {
            this.globalCap = cap;
            return this;
        }

        /** Streams in flight per registry host, unless overridden. */
        public Builder registryCap(int cap) {
            this.registryCap = cap;
            return this;
        }

        /** A cap for one registry, e.g. a lower one for docker.io. */
        public Builder registryCap(String registry, int cap) {
            if (cap < 1) {
                throw new IllegalArgumentException("cap for registry " + registry + " must be at least 1, was " + cap);
            }
            registryCaps.put(registry, cap);
            return this;
        }

        /** Successes needed to grow a throttled window by one. */
        public Builder recoveryEvery(int successes) {
            this.recoveryEvery = successes;
            return this;
        }

        /** 429s closer together than this halve the window once. */
        public Builder decreaseCooldown(Duration cooldown) {
            this.decreaseCooldown = cooldown;
            return this;
        }

        /** Time source for the cooldown, for tests. */
        public Builder nanoTime(LongSupplier source) {
            this.nanoTime = source;
            return this;
        }

        public TransferLimits build() {
            return new TransferLimits(this);
        }
    }
}
