package io.hagicode.imagemirror.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread pools of one sync, created when it starts and shut down when it ends (so a cancelled or finished sync
 * leaves no thread behind). All threads are daemons. Three pools, so that no task ever waits for a task queued behind
 * it in its own pool:
 * <ul>
 *   <li>{@code requests}: manifest HEAD/GET/PUT, one pool per registry host with {@code concurrency} threads (at most
 *       {@code requestThreads}), so that every registry can have {@code concurrency} requests in flight while it is
 *       being planned (a no-op sync is nothing but these HEADs), and a far target's round trips never hold the
 *       threads the source's requests need;</li>
 *   <li>{@code blobs}: one thread per blob in flight, {@code concurrency} threads, which is how the per-mirror bound
 *       is enforced; each checks the targets, then reads the source and fans it out;</li>
 *   <li>{@code uploads}: one thread per target upload of those blobs, {@code concurrency * targets} threads, never
 *       more than the blob threads can feed.</li>
 * </ul>
 */
final class SyncExecutors implements AutoCloseable, RequestPools {
    private static final AtomicInteger SYNCS = new AtomicInteger();
    private final Map<String, ExecutorService> requests = new LinkedHashMap<>();
    final ExecutorService blobs;
    final ExecutorService uploads;

    /** @param registries the hosts of the source and every target (repeats are fine); each gets its request pool */
    SyncExecutors(int requestThreads, int concurrency, int targets, Collection<String> registries) {
        String prefix = "imagemirror-sync" + SYNCS.incrementAndGet() + "-";
        int perRegistry = Math.min(requestThreads, concurrency);
        for (String registry : registries) {
            requests.computeIfAbsent(registry, r -> fixed(perRegistry, prefix + "request-" + r + "-"));
        }
        this.blobs = fixed(concurrency, prefix + "blob-");
        this.uploads = fixed(concurrency * Math.max(1, targets), prefix + "upload-");
    }

    @Override
    public Executor forRegistry(String registry) {
        ExecutorService pool = requests.get(registry);
        if (pool == null) {
            throw new IllegalArgumentException("no request pool for registry " + registry + "; known: "
                    + requests.keySet());
        }
        return pool;
    }

    private static ExecutorService fixed(int threads, String namePrefix) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads(namePrefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemonThreads(String namePrefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, namePrefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private List<ExecutorService> all() {
        List<ExecutorService> all = new ArrayList<>(requests.values());
        all.add(blobs);
        all.add(uploads);
        return all;
    }

    /** Interrupts every worker and drops queued work. */
    void shutdownNow() {
        all().forEach(ExecutorService::shutdownNow);
    }

    /** Waits up to {@code bound} in total for the workers to end; true when they all did. */
    boolean awaitTermination(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        boolean interrupted = false;
        boolean done = true;
        for (ExecutorService pool : all()) {
            try {
                done &= pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                done = false;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return done;
    }

    @Override
    public void close() {
        all().forEach(ExecutorService::shutdown);
    }
}
