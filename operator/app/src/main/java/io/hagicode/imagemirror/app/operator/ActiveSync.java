package io.hagicode.imagemirror.app.operator;

import java.time.Instant;

/**
 * A sync that is queued or running. Cancelling interrupts the worker thread, which the engine treats as "stop";
 * the thread is only interrupted while it still works on this sync, never after it moved on to another.
 */
final class ActiveSync {
    private final MirrorRef mirror;
    private final long generation;
    private final SyncTrigger trigger;
    private final Instant startedAt;
    private final SyncProgress progress;
    private Thread worker;
    private boolean running;
    private boolean cancelled;

    ActiveSync(MirrorRef mirror, long generation, SyncTrigger trigger, Instant startedAt, SyncProgress progress) {
        this.mirror = mirror;
        this.generation = generation;
        this.trigger = trigger;
        this.startedAt = startedAt;
        this.progress = progress;
    }

    MirrorRef mirror() {
        return mirror;
    }

    long generation() {
        return generation;
    }

    SyncTrigger trigger() {
        return trigger;
    }

    Instant startedAt() {
        return startedAt;
    }

    SyncProgress progress() {
        return progress;
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
}
