package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.app.Bytes;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.TagOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sync that is queued or running, with its {@link Progress}. Cancelling interrupts the worker thread, which the
 * engine treats as "stop"; the thread is only interrupted while it still works on this sync, never after it moved on
 * to another.
 */
final class ActiveSync {
    private final MirrorRef mirror;
    private final long generation;
    private final SyncScheduler.Trigger trigger;
    private final Instant startedAt;
    private final Progress progress;
    private final Map<String, Instant> pushes;
    private Thread worker;
    private boolean running;
    private boolean cancelled;

    ActiveSync(MirrorRef mirror, long generation, SyncScheduler.Trigger trigger, Instant startedAt, int targets) {
        this(mirror, generation, trigger, startedAt, targets, Map.of());
    }

    /** @param pushes for a targeted sync, the tags pushed and when (see {@link SyncCompletion#pushes}) */
    ActiveSync(MirrorRef mirror, long generation, SyncScheduler.Trigger trigger, Instant startedAt, int targets,
               Map<String, Instant> pushes) {
        this.pushes = Map.copyOf(pushes);
        this.mirror = mirror;
        this.generation = generation;
        this.trigger = trigger;
        this.startedAt = startedAt;
        this.progress = new Progress(targets);
    }

    MirrorRef mirror() {
        return mirror;
    }

    long generation() {
        return generation;
    }

    SyncScheduler.Trigger trigger() {
        return trigger;
    }

    Instant startedAt() {
        return startedAt;
    }

    Progress progress() {
        return progress;
    }

    Map<String, Instant> pushes() {
        return pushes;
    }

    /** Called on the worker thread; false when the sync was cancelled while it waited in the queue. */
    synchronized boolean begin(Thread thread) {
        if (cancelled) {
            return false;
        }
        worker = thread;
        running = true;
        return true;
    }

    synchronized void end() {
        worker = null;
    }

    synchronized boolean isRunning() {
        return running;
    }

    synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Returns true when a worker was interrupted, false when the sync had not started (or had already ended). */
    synchronized boolean cancel() {
        cancelled = true;
        if (worker != null) {
            worker.interrupt();
            return true;
        }
        return false;
    }

    /**
     * Counts the sync's progress for the Syncing condition. The engine calls it from its worker threads; the
     * reconciler reads it whenever it refreshes the status.
     */
    static final class Progress implements SyncListener {
        private final int targets;
        private final AtomicInteger selected = new AtomicInteger(-1);
        private final AtomicInteger tagsDone = new AtomicInteger();
        // Bytes streamed per blob: the engine reports each blob's running total, not increments.
        private final Map<Digest, Long> blobBytes = new ConcurrentHashMap<>();

        private Progress(int targets) {
            this.targets = targets;
        }

        @Override
        public void onTagsSelected(List<String> selectedTags) {
            selected.set(selectedTags.size());
        }

        @Override
        public void onTagFinished(Repository target, TagOutcome outcome) {
            tagsDone.incrementAndGet();
        }

        @Override
        public void onBlobProgress(Digest blob, long bytesDone, long bytesTotal) {
            blobBytes.merge(blob, bytesDone, Math::max);
        }

        /** "n/m tag copies done, X transferred", or that the source's tags are still being listed. */
        String describe() {
            int tags = selected.get();
            if (tags < 0) {
                return "listing the source's tags";
            }
            long bytes = blobBytes.values().stream().mapToLong(Long::longValue).sum();
            return tagsDone.get() + "/" + tags * targets + " tag copies done, " + Bytes.human(bytes) + " transferred";
        }
    }
}
