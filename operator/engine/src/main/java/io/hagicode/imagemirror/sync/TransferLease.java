package io.hagicode.imagemirror.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * Slots taken from {@link TransferLimits} for one blob transfer: the global slot plus one slot per stream on each
 * registry. Each stream gives its registry slot back as soon as it ends, so a finished target does not keep a slow
 * one's registry from other work; {@link #close()} returns whatever is left. The streams also tell the limits how they
 * went, which is what adapts each registry's window. Thread-safe.
 */
final class TransferLease implements AutoCloseable {
    private final TransferLimits limits;
    private final List<String> held;
    private boolean globalHeld = true;

    TransferLease(TransferLimits limits, List<String> registries) {
        this.limits = limits;
        this.held = new ArrayList<>(registries);
    }

    /** Returns one slot of {@code registry}; does nothing when none is held. */
    void release(String registry) {
        boolean had;
        synchronized (this) {
            had = held.remove(registry);
        }
        if (had) {
            limits.release(List.of(registry), false);
        }
    }

    /** A stream with {@code registry} succeeded: counts towards growing its window back. */
    void succeeded(String registry) {
        limits.succeeded(registry);
    }

    /** {@code registry} answered 429: its window shrinks. */
    void throttled(String registry) {
        limits.throttled(registry);
    }

    @Override
    public void close() {
        List<String> rest;
        boolean global;
        synchronized (this) {
            rest = new ArrayList<>(held);
            held.clear();
            global = globalHeld;
            globalHeld = false;
        }
        if (!rest.isEmpty() || global) {
            limits.release(rest, global);
        }
    }
}
