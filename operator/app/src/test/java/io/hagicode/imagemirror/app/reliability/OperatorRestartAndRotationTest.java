package io.hagicode.imagemirror.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.app.operator.ImageMirrorReconciler;
import io.hagicode.imagemirror.app.operator.MirrorOperator;
import io.hagicode.imagemirror.app.operator.Mirrors;
import io.hagicode.imagemirror.app.operator.OperatorMetrics;
import io.hagicode.imagemirror.app.operator.OperatorSettings;
import io.hagicode.imagemirror.oci.Credentials;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Operator faults with the real operator on the mock API server and an engine the test holds mid-sync: the operator
 * process replaced while a sync runs (the new one must finish the job), and the target's Secret rotated while a sync
 * runs (the next sync must use the new value, and no status shows either).
 */
class OperatorRestartAndRotationTest {
    private static final String NS = "team";
    private static final String TARGET = "target.example:5000/mirror/app";
    private static final String OLD_PASSWORD = "rotated-Old-6c2f10";
    private static final String NEW_PASSWORD = "rotated-New-93ab57";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void anOperatorReplacedMidSyncResumesTheMirrorAndNeverRunsTwoSyncsAtOnce() throws Exception {
        HeldEngine first = new HeldEngine();
        HeldEngine second = new HeldEngine();
        second.release();
        try (MockApiServer api = new MockApiServer()) {
            MirrorOperator operatorA = operator(api, first);
            operatorA.start();
            api.client.resource(mirror("app", Mirrors.repo(TARGET))).create();
            assertThat(first.started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("first sync started").isTrue();

            operatorA.close(); // the old process goes away with its sync in flight
            assertThat(first.interrupted.get()).as("the old sync was cancelled").isEqualTo(1);
            try (MirrorOperator operatorB = operator(api, second)) {
                operatorB.start();
                awaitReady(api, "app");
            }
            assertThat(second.jobs).as("the new operator synced the mirror").hasSize(1);
            assertThat(first.maxConcurrent.get()).isEqualTo(1);
            assertThat(second.maxConcurrent.get()).isEqualTo(1);
        }
    }

    @Test
    void aSecretRotatedDuringASyncIsUsedByTheNextSyncAndShownNowhere() throws Exception {
        HeldEngine engine = new HeldEngine();
        try (MockApiServer api = new MockApiServer();
             MirrorOperator operator = operator(api, engine)) {
            operator.start();
            api.client.resource(Mirrors.basicAuth(NS, "push-creds", "robot", OLD_PASSWORD)).create();
            api.client.resource(mirror("app", Mirrors.repo(TARGET, "push-creds"))).create();
            assertThat(engine.started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("first sync started").isTrue();

            api.client.resource(Mirrors.basicAuth(NS, "push-creds", "robot", NEW_PASSWORD)).update();
            engine.release();
            awaitReady(api, "app");
            api.client.resources(ImageMirror.class).inNamespace(NS).withName("app").edit(m -> {
                m.getMetadata().setAnnotations(Map.of("mirror.hagicode.io/requested-at", Instant.now().toString()));
                return m;
            });
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (engine.jobs.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertThat(engine.jobs).hasSizeGreaterThanOrEqualTo(2);
            assertThat(password(engine.jobs.get(0))).isEqualTo(OLD_PASSWORD);
            assertThat(password(engine.jobs.get(engine.jobs.size() - 1))).isEqualTo(NEW_PASSWORD);
            assertThat(engine.maxConcurrent.get()).isEqualTo(1);
            String status = Serialization.asJson(api.client.resources(ImageMirror.class).inNamespace(NS)
                    .withName("app").get().getStatus());
            assertThat(status).doesNotContain(OLD_PASSWORD).doesNotContain(NEW_PASSWORD)
                    .doesNotContain(Mirrors.b64("robot:" + NEW_PASSWORD));
        }
    }

    private static String password(MirrorJob job) {
        Credentials c = job.targets().get(0).credentials();
        assertThat(c).isInstanceOf(Credentials.Basic.class);
        return ((Credentials.Basic) c).password();
    }

    private static void awaitReady(MockApiServer api, String name) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ImageMirror m = api.client.resources(ImageMirror.class).inNamespace(NS).withName(name).get();
            if (m.getStatus() != null && m.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                    && m.getStatus().getConditions().stream()
                    .noneMatch(c -> "Syncing".equals(c.getType()) && "True".equals(c.getStatus()))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " never became Ready: " + Serialization.asJson(
                api.client.resources(ImageMirror.class).inNamespace(NS).withName(name).get().getStatus()));
    }

    private static MirrorOperator operator(MockApiServer api, SyncEngine engine) {
        OperatorSettings settings = new OperatorSettings(Set.of(), new InetSocketAddress("127.0.0.1", 0), 4, 32, 16,
                false, Optional.empty(), Optional.empty(), List.of(),
                new ImageMirrorReconciler.Timing(Duration.ofSeconds(1), Duration.ofMinutes(5)));
        return new MirrorOperator(api.client, engine,
                new OperatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), settings, Clock.systemUTC());
    }

    private static ImageMirror mirror(String name, RepositorySpec target) {
        return Mirrors.mirror(NS, name, Mirrors.repo("source.example:5000/team/app"), target);
    }

    /** Holds every sync until {@link #release()} (or an interrupt); records jobs and concurrency per engine. */
    private static final class HeldEngine implements SyncEngine {
        final List<MirrorJob> jobs = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicInteger interrupted = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();
        private final CountDownLatch gate = new CountDownLatch(1);

        void release() {
            gate.countDown();
        }

        @Override
        public SyncReport sync(MirrorJob job, SyncListener listener) throws InterruptedException {
            jobs.add(job);
            maxConcurrent.accumulateAndGet(running.incrementAndGet(), Math::max);
            started.countDown();
            try {
                listener.onTagsSelected(List.of("1.0"));
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("held sync was never released");
                }
                List<TargetReport> targets = job.targets().stream().map(t -> new TargetReport(t.repository(),
                        List.of(TagOutcome.of("1.0", TagState.COPIED, "sha256:" + "ef".repeat(32))))).toList();
                return new SyncReport(job.name(), job.source().repository(), List.of("1.0"), targets,
                        new SyncTotals(1, 0, 0, 1024, 1024, 1, Duration.ofMillis(1)), null, null);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
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
