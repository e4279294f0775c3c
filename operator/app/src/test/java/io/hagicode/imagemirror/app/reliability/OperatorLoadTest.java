package io.hagicode.imagemirror.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.app.operator.ImageMirrorReconciler;
import io.hagicode.imagemirror.app.operator.MirrorOperator;
import io.hagicode.imagemirror.app.operator.MirrorSelector;
import io.hagicode.imagemirror.app.operator.Mirrors;
import io.hagicode.imagemirror.app.operator.OperatorMetrics;
import io.hagicode.imagemirror.app.operator.OperatorSettings;
import io.hagicode.imagemirror.app.operator.Shard;
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
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link #MIRRORS} ImageMirrors applied at once to the mock API server, reconciled by the real operator with a fast
 * fake engine, by one replica and by two shards ({@code --selector mirror.hagicode.io/shard=a|b}, half each), 4 sync
 * slots per operator. In each, every mirror becomes Ready, none waits for ever behind
 * the others, none is synced twice or by two workers at once, and with shards each mirror is synced by its own shard
 * only.
 * <p>
 * Prints the figures docs/operator.md ("Sharding") quotes: time to converge, latency from create to sync start and to
 * Ready=True, the heap the operators retain, and CPU seconds. Latencies are printed, not asserted (timing goals do not
 * belong in unit tests). A full-size warm-up run comes first: measured, the first 2,000-mirror run in a JVM took 1.5 to
 * 2 times as long as the same run later (JIT compilation, heap growth).
 */
class OperatorLoadTest {
    /**
     * 500 in the test suite, which checks the invariants; the figures docs/operator.md quotes are from
     * {@code -Dimagemirror.load.mirrors=2000} (about 5 minutes on 2 loaded cores, too long for every CI run).
     */
    private static final int MIRRORS = Integer.getInteger("imagemirror.load.mirrors", 500);
    private static final int NAMESPACES = 10;
    private static final Duration SYNC_TIME = Duration.ofMillis(5);
    private static final String SHARD_LABEL = "mirror.hagicode.io/shard";

    @Test
    void manyMirrorsConvergeOnOneReplicaAndOnTwoShards() throws Exception {
        List<Optional<String>> oneReplica = List.of(Optional.empty());
        List<Optional<String>> twoShards = List.of(Optional.of("a"), Optional.of("b"));
        // One replica before and after the shards: a drift over the test (the machine's load, the JVM's state)
        // shows as a difference between the two.
        List<Figures> figures = List.of(
                run("warm-up (1 replica)", MIRRORS, oneReplica),
                run("1 replica", MIRRORS, oneReplica),
                run("2 shards", MIRRORS, twoShards),
                run("1 replica again", MIRRORS, oneReplica));
        System.out.printf("[load] %d ImageMirrors in %d namespaces, fake sync %d ms, 4 sync slots per operator, "
                + "applied at once by 8 client threads; %d cores, load average %.1f%n", MIRRORS, NAMESPACES, SYNC_TIME.toMillis(),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        figures.forEach(f -> System.out.println("[load] " + f));
    }

    /**
     * One scenario on a fresh mock API server: one operator per shard ({@code Optional.empty()}: unsharded), mirrors
     * labelled round-robin over the shards.
     */
    private static Figures run(String name, int mirrors, List<Optional<String>> shards) throws Exception {
        Map<String, Long> created = new ConcurrentHashMap<>();
        Map<String, Long> ready = new ConcurrentHashMap<>();
        List<LoadEngine> engines = new ArrayList<>();
        long applied;
        long converged;
        double cpu;
        long heapWithOperators;
        long heapWithout;
        try (MockApiServer api = new MockApiServer();
             Watch watch = api.client.resources(ImageMirror.class).inAnyNamespace().watch(new ReadyWatcher(ready))) {
            long heapBefore = usedHeapAfterGc();
            List<MirrorOperator> operators = new ArrayList<>();
            for (Optional<String> shard : shards) {
                LoadEngine engine = new LoadEngine();
                engines.add(engine);
                operators.add(new MirrorOperator(api.client, engine,
                        new OperatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                        settings(shard), Clock.systemUTC()));
            }
            try {
                operators.forEach(MirrorOperator::start);
                long cpuStart = processCpuNanos();
                long start = System.nanoTime();
                // Applied as a GitOps tool would: many at once, from a few client threads.
                ExecutorService appliers = Executors.newFixedThreadPool(8);
                for (int i = 0; i < mirrors; i++) {
                    ImageMirror mirror = mirror("load-" + (i % NAMESPACES), "m" + i);
                    shards.get(i % shards.size()).ifPresent(s -> mirror.getMetadata().setLabels(Map.of(SHARD_LABEL, s)));
                    appliers.execute(() -> {
                        created.put(key(mirror), System.nanoTime());
                        api.client.resource(mirror).create();
                    });
                }
                appliers.shutdown();
                assertThat(appliers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
                applied = System.nanoTime() - start;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
                while (ready.size() < mirrors && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                converged = System.nanoTime() - start;
                cpu = (processCpuNanos() - cpuStart) / 1e9;
                heapWithOperators = usedHeapAfterGc() - heapBefore;
                assertThat(ready).as(name + ": mirrors Ready=True").hasSize(mirrors);
            } finally {
                operators.forEach(MirrorOperator::close);
            }
            operators.clear();
            // The mock API server still holds every mirror: what the heap lost is what the operators held.
            heapWithout = usedHeapAfterGc() - heapBefore;
        }

        for (int s = 0; s < shards.size(); s++) {
            Optional<String> shard = shards.get(s);
            LoadEngine engine = engines.get(s);
            assertThat(engine.syncs).as(name + ": syncs of shard " + shard.orElse("(all)"))
                    .hasSize(mirrors / shards.size())
                    .allSatisfy((mirror, count) -> assertThat(count.get()).as("syncs of " + mirror).isEqualTo(1));
            assertThat(engine.overlaps.get()).as("a mirror synced by two workers at once").isZero();
            shard.ifPresent(label -> assertThat(engine.syncs.keySet()).allSatisfy(mirror -> assertThat(
                    Integer.parseInt(mirror.substring(mirror.lastIndexOf("/m") + 2)) % shards.size())
                    .as(mirror + " synced by shard " + label).isEqualTo(shards.indexOf(Optional.of(label)))));
        }
        List<Long> toSync = new ArrayList<>();
        List<Long> toReady = new ArrayList<>();
        created.forEach((k, t) -> {
            toSync.add(engines.stream().map(e -> e.started.get(k)).filter(Objects::nonNull).findFirst().orElseThrow()
                    - t);
            toReady.add(ready.get(k) - t);
        });
        return new Figures(name, applied, converged, toSync, toReady, heapWithOperators - heapWithout, cpu);
    }

    /** One scenario's results, printed as one line. */
    private record Figures(String name, long appliedNanos, long convergedNanos, List<Long> toSync, List<Long> toReady,
                           long operatorHeap, double cpuSeconds) {
        @Override
        public String toString() {
            return String.format("%-24s applied in %.1f s, all Ready in %.1f s; create->sync start p50 %.1f s, p95 "
                            + "%.1f s; create->Ready p50 %.1f s, p95 %.1f s, max %.1f s; heap held by the operator(s) "
                            + "%d MiB; CPU %.0f s (whole JVM: operators, mock API server, test client)", name,
                    appliedNanos / 1e9, convergedNanos / 1e9, p(toSync, 50), p(toSync, 95), p(toReady, 50),
                    p(toReady, 95), p(toReady, 100), operatorHeap >> 20, cpuSeconds);
        }
    }

    private static OperatorSettings settings(Optional<String> shard) {
        OperatorSettings settings = new OperatorSettings(Set.of(), new InetSocketAddress("127.0.0.1", 0), 4, 32,
                16, false, Optional.empty(), Optional.empty(), List.of(),
                new ImageMirrorReconciler.Timing(Duration.ofSeconds(1), Duration.ofMinutes(5)));
        return shard.map(s -> settings.withShard(Shard.of(Optional.of(MirrorSelector.parse(SHARD_LABEL + "=" + s)),
                Optional.empty()))).orElse(settings);
    }

    private static ImageMirror mirror(String namespace, String name) {
        return Mirrors.mirror(namespace, name, Mirrors.repo("source.example:5000/team/" + name),
                Mirrors.repo("target.example:5000/mirror/" + name));
    }

    private static String key(ImageMirror mirror) {
        return mirror.getMetadata().getNamespace() + "/" + mirror.getMetadata().getName();
    }

    private static double p(List<Long> nanos, int percentile) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(index) / 1e9;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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
