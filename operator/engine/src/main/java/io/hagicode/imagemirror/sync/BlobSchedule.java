package io.hagicode.imagemirror.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The order in which one sync's blobs take its {@code workers} blob threads.
 * <p>
 * Large blobs go largest first: over a slow link the largest one bounds the copy, so it must not start last. Small
 * blobs (image configs, tiny layers: under {@link #SMALL_BLOB_BYTES}) cost round trips, not bandwidth; queued behind
 * the large ones they all came last, each a HEAD, a POST and a PUT, and over a far link those waves were most of what
 * followed the last layer byte. So while small blobs wait, {@link #reserved} of the threads take only them, and the
 * large ones use the rest; once no small blob waits, the large ones may use every thread. A link that carries large
 * blobs on {@code workers - reserved} connections is still full: the reserve is at most a fifth of the threads.
 *
 * @param <T> a blob's unit of work
 */
final class BlobSchedule<T> {
    /** A blob this small moves in about a round trip even at 1 MiB/s: its cost is latency. */
    static final long SMALL_BLOB_BYTES = 1024 * 1024;

    private final Deque<T> large = new ArrayDeque<>();
    private final Deque<T> small = new ArrayDeque<>();
    private final int largeAtOnce;
    private int largeRunning;

    /**
     * @param work    every unit of the sync, known before the first is taken
     * @param size    a unit's blob size in bytes
     * @param workers the blob threads that will call {@link #next}
     */
    BlobSchedule(List<T> work, ToLongFunction<T> size, int workers) {
        List<T> bySize = new ArrayList<>(work);
        bySize.sort(Comparator.comparingLong(size).reversed());
        for (T unit : bySize) {
            (size.applyAsLong(unit) < SMALL_BLOB_BYTES ? small : large).add(unit);
        }
        this.largeAtOnce = workers - reserved(workers);
    }

    /** Threads kept for small blobs while any wait: none below 4 threads, else a fifth (at least one). */
    static int reserved(int workers) {
        return workers < 4 ? 0 : Math.max(1, workers / 5);
    }

    /** The next unit for a free thread, or null when none is left; never blocks. */
    synchronized Taken<T> next() {
        boolean largeMayStart = !large.isEmpty() && (largeRunning < largeAtOnce || small.isEmpty());
        if (largeMayStart) {
            largeRunning++;
            return new Taken<>(large.poll(), true);
        }
        T unit = small.poll();
        return unit == null ? null : new Taken<>(unit, false);
    }

    /** A thread is done with what {@link #next} gave it. */
    synchronized void done(Taken<T> taken) {
        if (taken.large()) {
            largeRunning--;
        }
    }

    /** Everything not yet taken, removed from the schedule (for a sync that stops). */
    synchronized List<T> drain() {
        List<T> left = new ArrayList<>(large);
        left.addAll(small);
        large.clear();
        small.clear();
        return left;
    }

    /** A unit handed to a thread, and which queue it came from. */
    record Taken<T>(T unit, boolean large) {
    }
}
