package io.hagicode.imagemirror.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.app.operator.ImageMirrorReconciler;
import io.hagicode.imagemirror.app.operator.MirrorOperator;
import io.hagicode.imagemirror.app.operator.Mirrors;
import io.hagicode.imagemirror.app.operator.OperatorMetrics;
import io.hagicode.imagemirror.app.operator.OperatorSettings;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncEngine;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 500 ImageMirrors applied at once to the mock API server, reconciled by the real operator with a fast fake engine:
 * every one becomes Ready, none waits for ever behind the others, none is synced twice or by two workers at once.
 * Prints the figures of the closing note: heap used, and the latency from create to sync start and to Ready=True.
 * Latencies are printed, not asserted (timing goals do not belong in unit tests).
 */
class OperatorLoadTest {
    private static final int MIRRORS = 500;
    private static final int NAMESPACES = 10;
    private static final Duration SYNC_TIME = Duration.ofMillis(5);

    @Test
    void fiveHundredMirrorsAllBecomeReadyWithoutStarvingEachOther() throws Exception {
        long heapBefore = usedHeapAfterGc();
        LoadEngine engine = new LoadEngine();
        Map<String, Long> created = new ConcurrentHashMap<>();
        Map<String, Long> ready = new ConcurrentHashMap<>();
        long wall;
        long applied;
        long heapLoaded;
        try (MockApiServer api = new MockApiServer();
             MirrorOperator operator = new MirrorOperator(api.client, engine,
                     new OperatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), settings(),
                     Clock.systemUTC());
             Watch watch = api.client.resources(ImageMirror.class).inAnyNamespace().watch(new ReadyWatcher(ready))) {
            operator.start();
            long start = System.nanoTime();
            // Applied as a GitOps tool would: many at once, from a few client threads.
            ExecutorService appliers = Executors.newFixedThreadPool(8);
            for (int i = 0; i < MIRRORS; i++) {
                ImageMirror mirror = mirror("load-" + (i % NAMESPACES), "m" + i);
                appliers.execute(() -> {
                    created.put(key(mirror), System.nanoTime());
                    api.client.resource(mirror).create();
                });
            }
            appliers.shutdown();
            assertThat(appliers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            applied = System.nanoTime() - start;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (ready.size() < MIRRORS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            wall = System.nanoTime() - start;
            heapLoaded = usedHeapAfterGc();
            assertThat(ready).as("mirrors Ready=True").hasSize(MIRRORS);
        }

        assertThat(engine.syncs).hasSize(MIRRORS).allSatisfy((name, count) -> assertThat(count.get())
                .as("syncs of " + name).isEqualTo(1));
        assertThat(engine.overlaps.get()).as("a mirror synced by two workers at once").isZero();
        List<Long> toSync = new ArrayList<>();
        List<Long> toReady = new ArrayList<>();
        created.forEach((k, t) -> {
            toSync.add(engine.started.get(k) - t);
            toReady.add(ready.get(k) - t);
        });
        System.out.printf("[load] %d ImageMirrors in %d namespaces, %d concurrent syncs, fake sync %d ms: applied in "
                        + "%.1f s, all Ready in %.1f s%n", MIRRORS, NAMESPACES, settings().maxConcurrentSyncs(),
                SYNC_TIME.toMillis(), applied / 1e9, wall / 1e9);
        System.out.printf("[load] create->sync start ms: p50 %d, p95 %d, max %d%n", p(toSync, 50), p(toSync, 95),
                p(toSync, 100));
        System.out.printf("[load] create->Ready=True ms: p50 %d, p95 %d, max %d%n", p(toReady, 50), p(toReady, 95),
                p(toReady, 100));
        System.out.printf("[load] heap used after GC: %d MiB before, %d MiB with %d mirrors loaded (operator, "
                + "informer caches and the in-process mock API server together)%n", heapBefore >> 20, heapLoaded >> 20,
                MIRRORS);
    }

    private static OperatorSettings settings() {
        return new OperatorSettings(Set.of(), new InetSocketAddress("127.0.0.1", 0), 4, 32, 16, false,
                Optional.empty(), Optional.empty(), List.of(),
                new ImageMirrorReconciler.Timing(Duration.ofSeconds(1), Duration.ofMinutes(5)));
    }

    private static ImageMirror mirror(String namespace, String name) {
        return Mirrors.mirror(namespace, name, Mirrors.repo("source.example:5000/team/" + name),
                Mirrors.repo("target.example:5000/mirror/" + name));
    }

    private static String key(ImageMirror mirror) {
        return mirror.getMetadata().getNamespace() + "/" + mirror.getMetadata().getName();
    }

    private static long p(List<Long> nanos, int percentile) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return TimeUnit.NANOSECONDS.toMillis(sorted.get(index));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Records the first moment each mirror shows Ready=True. */
    private static final class ReadyWatcher implements Watcher<ImageMirror> {
        private final Map<String, Long> ready;

        ReadyWatcher(Map<String, Long> ready) {
            this.ready = ready;
        }

        @Override
        public void eventReceived(Action action, ImageMirror mirror) {
            if (mirror.getStatus() != null && mirror.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                ready.putIfAbsent(key(mirror), System.nanoTime());
            }
        }

        @Override
        public void onClose(WatcherException cause) {
        }
    }

    /** Succeeds after {@link #SYNC_TIME}, one tag copied per target; counts syncs and overlaps per mirror. */
    private static final class LoadEngine implements SyncEngine {
        final Map<String, AtomicInteger> syncs = new ConcurrentHashMap<>();
        final Map<String, Long> started = new ConcurrentHashMap<>();
        final AtomicInteger overlaps = new AtomicInteger();
        private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

        @Override
        public SyncReport sync(MirrorJob job, SyncListener listener) throws InterruptedException {
            started.putIfAbsent(job.name(), System.nanoTime());
            syncs.computeIfAbsent(job.name(), k -> new AtomicInteger()).incrementAndGet();
            AtomicInteger running = inFlight.computeIfAbsent(job.name(), k -> new AtomicInteger());
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                listener.onTagsSelected(List.of("1.0"));
                Thread.sleep(SYNC_TIME.toMillis());
                List<TargetReport> targets = job.targets().stream().map(t -> new TargetReport(t.repository(),
                        List.of(TagOutcome.of("1.0", TagState.COPIED, "sha256:" + "cd".repeat(32))))).toList();
                return new SyncReport(job.name(), job.source().repository(), List.of("1.0"), targets,
                        new SyncTotals(1, 0, 0, 1024, 1024, 1, SYNC_TIME), null, null);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public SyncReport plan(MirrorJob job) {
            throw new UnsupportedOperationException("the operator never plans");
        }
    }
}
