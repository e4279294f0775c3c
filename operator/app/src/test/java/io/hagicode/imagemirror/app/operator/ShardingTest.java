package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static io.hagicode.imagemirror.app.operator.Mirrors.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two shards, as deploy/overlays/shards runs them: two operators against one API server, each with
 * {@code --selector mirror.hagicode.io/shard=X} and leader election on. Each leads through its own Lease at the same
 * time, syncs only the mirrors its selector matches, and a Secret event reaches only the shard of the mirror that
 * references it. A mirror that no selector matches is left alone.
 */
class ShardingTest {
    private static final String LEASE_NAMESPACE = "imagemirror-system";
    private static final String NS = "team";
    private static final String SHARD_LABEL = "mirror.hagicode.io/shard";

    @Test
    void eachShardLeadsThroughItsOwnLeaseAndSyncsOnlyItsMirrors() throws Exception {
        FakeSyncEngine engineA = new FakeSyncEngine();
        FakeSyncEngine engineB = new FakeSyncEngine();
        try (OperatorHarness a = OperatorHarness.start(engineA, s -> shard(s, "a", "replica-a"),
                LeaderElectionTest::allowLeases)) {
            MirrorOperator b = new MirrorOperator(a.client, engineB,
                    new OperatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                    shard(TestSettings.defaults(), "b", "replica-b"), a.clock);
            try {
                b.start();
                a.create(labelled(mirror(NS, "a1", repo("docker.io/library/nginx"), repo("r.example/m/nginx")), "a"));
                a.create(labelled(mirror(NS, "a2", repo("docker.io/library/redis"), repo("r.example/m/redis")), "a"));
                a.create(labelled(mirror(NS, "b1", repo("docker.io/library/httpd", "hub"),
                        repo("r.example/m/httpd")), "b"));
                a.create(mirror(NS, "unlabelled", repo("docker.io/library/busybox"), repo("r.example/m/busybox")));

                a.awaitReady(NS, "a1", "Synced");
                a.awaitReady(NS, "a2", "Synced");
                a.awaitReady(NS, "b1", "CredentialsNotFound");
                // The Secret informers of both shards see this Secret; only shard b has a mirror that references it.
                a.client.resource(Mirrors.basicAuth(NS, "hub", "user", "pass")).create();
                a.awaitReady(NS, "b1", "Synced");

                assertThat(names(engineA.jobs())).containsExactlyInAnyOrder(NS + "/a1", NS + "/a2");
                assertThat(names(engineB.jobs())).containsExactly(NS + "/b1");
                assertThat(a.get(NS, "unlabelled").getStatus()).as("status of a mirror no shard selects").isNull();

                Lease leaseA = lease(a, "a");
                Lease leaseB = lease(a, "b");
                assertThat(leaseA.getMetadata().getName()).isNotEqualTo(leaseB.getMetadata().getName())
                        .isNotEqualTo(OperatorSettings.LEASE_NAME);
                assertThat(leaseA.getSpec().getHolderIdentity()).isEqualTo("replica-a");
                assertThat(leaseB.getSpec().getHolderIdentity()).isEqualTo("replica-b");
            } finally {
                b.close();
            }
        }
    }

    @Test
    void aMirrorMovedToAnotherShardIsNotSyncedAgainByIt() {
        FakeSyncEngine engineA = new FakeSyncEngine();
        FakeSyncEngine engineB = new FakeSyncEngine();
        try (OperatorHarness a = OperatorHarness.start(engineA, s -> s.withShard(shardOf("a")), s -> { })) {
            PrometheusMeterRegistry metersB = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            MirrorOperator b = new MirrorOperator(a.client, engineB, new OperatorMetrics(metersB),
                    TestSettings.defaults().withShard(shardOf("b")), a.clock);
            try {
                b.start();
                a.create(labelled(mirror(NS, "app", repo("docker.io/library/nginx"), repo("r.example/m/nginx")), "a"));
                a.awaitReady(NS, "app", "Synced");

                assertThat(metersB.scrape()).as("shard b before the move").doesNotContain("name=\"app\"");

                a.edit(NS, "app", m -> labelled(m, "b"));
                // Shard b now owns it and decides from the status shard a wrote: in sync, nothing to do until the
                // schedule. Its gauges show that it has reconciled the mirror.
                await().atMost(OperatorHarness.WAIT).pollInterval(Duration.ofMillis(50)).until(() -> metersB.scrape()
                        .contains("imagemirror_ready{name=\"app\",namespace=\"" + NS + "\"} 1.0"));
                assertThat(engineA.jobs()).hasSize(1);
                assertThat(engineB.jobs()).as("shard b re-synced a mirror that was in sync").isEmpty();
            } finally {
                b.close();
            }
        }
    }

    private static OperatorSettings shard(OperatorSettings s, String shard, String identity) {
        return TestSettings.withLeaderElection(s, LEASE_NAMESPACE, identity).withShard(shardOf(shard));
    }

    private static Shard shardOf(String shard) {
        return Shard.of(Optional.of(MirrorSelector.parse(SHARD_LABEL + "=" + shard)), Optional.empty());
    }

    private static ImageMirror labelled(ImageMirror mirror, String shard) {
        mirror.getMetadata().setLabels(new java.util.HashMap<>(Map.of(SHARD_LABEL, shard)));
        return mirror;
    }

    private static Lease lease(OperatorHarness h, String shard) {
        String name = shardOf(shard).leaseName();
        return await().atMost(OperatorHarness.WAIT).until(() -> h.client.leases().inNamespace(LEASE_NAMESPACE)
                .withName(name).get(), l -> l != null && l.getSpec().getHolderIdentity() != null);
    }

    private static List<String> names(List<MirrorJob> jobs) {
        return jobs.stream().map(MirrorJob::name).toList();
    }
}
