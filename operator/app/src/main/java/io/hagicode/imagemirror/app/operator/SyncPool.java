package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncEngine;
import io.hagicode.imagemirror.sync.SyncReport;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded pool of workers that run syncs off the reconcile threads: a sync can take hours, a reconcile must take
 * milliseconds. At most one sync per mirror is queued or running. When one ends (or a queued one is cancelled) the
 * {@link #onFinished} callback fires, which the reconciler turns into a reconcile of that mirror through an event
 * source; the reconcile records the {@link #lastCompletion} in the status. A cancelled sync leaves no completion: its
 * partial result describes a spec that no longer applies.
 */
public final class SyncPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncPool.class);

    private final SyncEngine engine;
    private final SyncLifecycle lifecycle;
    private final Clock clock;
    private final ThreadPoolExecutor workers;
    private final Map<ResourceID, ActiveSync> active = new ConcurrentHashMap<>();
    private final Map<ResourceID, SyncCompletion> completions = new ConcurrentHashMap<>();
    private volatile Consumer<ResourceID> onFinished = id -> { };

    /** @param lifecycle told when each sync starts and finishes (the Kubernetes Events) */
    public SyncPool(SyncEngine engine, int maxConcurrentSyncs, SyncLifecycle lifecycle, Clock clock) {
        if (maxConcurrentSyncs < 1) {
            throw new IllegalArgumentException("max concurrent syncs must be at least 1, was " + maxConcurrentSyncs);
        }
        this.engine = engine;
        this.lifecycle = lifecycle;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(maxConcurrentSyncs, maxConcurrentSyncs, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "imagemirror-sync-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Where to report that a mirror's sync ended; set once, by the reconciler. */
    void onFinished(Consumer<ResourceID> callback) {
        this.onFinished = callback;
    }

    /** Queues a sync unless one is already queued or running (or still winding down after a cancel) for the mirror. */
    public boolean start(MirrorRef mirror, long generation, SyncScheduler.Trigger trigger, MirrorJob job) {
        return start(mirror, generation, trigger, job, Map.of());
    }

    /** @param pushes for a targeted sync ({@code job.requestedTags()}), when each tag was pushed */
    public synchronized boolean start(MirrorRef mirror, long generation, SyncScheduler.Trigger trigger, MirrorJob job,
                                      Map<String, Instant> pushes) {
        ResourceID id = mirror.id();
        if (active.containsKey(id)) {
            return false;
        }
        ActiveSync sync = new ActiveSync(mirror, generation, trigger, clock.instant(), job.targets().size(), pushes);
        active.put(id, sync);
        tell(() -> lifecycle.started(mirror, trigger, generation));
        workers.execute(() -> run(sync, job));
        return true;
    }

    public Optional<ActiveSync> active(ResourceID id) {
        return Optional.ofNullable(active.get(id));
    }

    /** The last sync of the mirror that ran to its end, in this process. */
    public Optional<SyncCompletion> lastCompletion(ResourceID id) {
        return Optional.ofNullable(completions.get(id));
    }

    /** Syncs queued or running now. */
    public int activeCount() {
        return active.size();
    }

    /** Syncs waiting for a free worker. */
    public int queuedCount() {
        return workers.getQueue().size();
    }

    /**
     * Stops the mirror's sync, if any. A running one is interrupted and stays {@link #active} until the engine has
     * unwound; a queued one is dropped at once.
     */
    public void cancel(ResourceID id) {
        ActiveSync sync = active.get(id);
        if (sync == null) {
            return;
        }
        LOG.info("{}: cancelling the sync of generation {}", sync.mirror(), sync.generation());
        if (!sync.cancel() && !sync.isRunning()) {
            active.remove(id, sync);
            notifyFinished(id);
        }
    }

    /** The mirror is gone: cancel its sync and drop its last result. */
    public void forget(MirrorRef mirror) {
        cancel(mirror.id());
        completions.remove(mirror.id());
    }

    private void run(ActiveSync sync, MirrorJob job) {
        ResourceID id = sync.mirror().id();
        if (!sync.begin(Thread.currentThread())) {
            return; // cancelled while queued; cancel() already cleaned up
        }
        SyncCompletion completion = null;
        try {
            SyncReport report = engine.sync(job, sync.progress());
            completion = SyncCompletion.of(sync, report, clock.instant());
        } catch (InterruptedException e) {
            LOG.info("{}: sync cancelled", sync.mirror());
        } catch (RuntimeException | LinkageError e) {
            LOG.error("{}: the sync engine failed", sync.mirror(), e);
            completion = SyncCompletion.crashed(sync, e, clock.instant());
        } finally {
            sync.end();
            Thread.interrupted(); // a cancel that raced with the end must not leak into the next sync on this thread
            if (completion != null && !sync.isCancelled()) {
                completions.put(id, completion);
                announce(completion);
            }
            active.remove(id, sync);
            notifyFinished(id);
        }
    }

    private void announce(SyncCompletion completion) {
        tell(() -> lifecycle.finished(completion));
    }

    /** A listener that fails (an Event the API server refused) must not keep a sync from starting or ending. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("sync lifecycle listener failed: {}", e.toString());
        }
    }

    private void notifyFinished(ResourceID id) {
        try {
            onFinished.accept(id);
        } catch (RuntimeException e) {
            // Only before the operator has started its event sources; the next reconcile picks the result up.
            LOG.debug("could not signal the end of the sync of {}: {}", id, e.toString());
        }
    }

    /** Interrupts running syncs and waits a little for them to unwind. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("some syncs did not stop within 10 s of being interrupted");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
