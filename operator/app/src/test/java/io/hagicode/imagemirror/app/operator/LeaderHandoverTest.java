package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static io.hagicode.imagemirror.app.operator.Mirrors.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * A rolling update's handover between two live replicas on one API server: replica A leads and reconciles, replica B
 * waits; A is stopped (what SIGTERM does) and B must lead well before A's Lease would have expired, then reconcile.
 * The handover time is printed.
 */
class LeaderHandoverTest {
    private static final String LEASE_NAMESPACE = "imagemirror-system";
    /** The standby polls every RETRY_PERIOD with fabric8's jitter (up to 2.2 times that); the rest is slack. */
    private static final Duration HANDOVER_LIMIT = LeaderLease.RETRY_PERIOD.multipliedBy(22).dividedBy(10)
            .plusSeconds(2);

    @Test
    void aStoppedLeaderReleasesItsLeaseAndTheStandbyLeadsAtOnce() throws Exception {
        FakeSyncEngine engineA = new FakeSyncEngine();
        FakeSyncEngine engineB = new FakeSyncEngine();
        try (OperatorHarness a = OperatorHarness.start(engineA,
                s -> TestSettings.withLeaderElection(s, LEASE_NAMESPACE, "replica-a"), LeaderElectionTest::allowLeases);
             KubernetesClient clientB = a.server.createClient()) {
            awaitHolder(a.client, "replica-a");
            a.create(mirror("team", "before", repo("docker.io/library/nginx"), repo("registry.example.com/m/nginx")));
            a.awaitReady("team", "before", "Synced");

            MirrorOperator b = new MirrorOperator(clientB, engineB,
                    new OperatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                    TestSettings.withLeaderElection(TestSettings.defaults(), LEASE_NAMESPACE, "replica-b"), a.clock);
            try {
                b.start();
                await().atMost(OperatorHarness.WAIT).until(b::isReady);
                assertThat(engineB.jobs()).as("the standby synced nothing").isEmpty();

                LeaseSpec beforeStop = lease(a.client).getSpec();
                ZonedDateTime expiry = beforeStop.getRenewTime()
                        .plusSeconds(beforeStop.getLeaseDurationSeconds());
                long stoppedAt = System.nanoTime();
                Duration leaseLeft = Duration.between(ZonedDateTime.now(ZoneOffset.UTC), expiry);
                a.operator.close();
                LeaseSpec released = lease(a.client).getSpec();
                assertThat(released.getHolderIdentity()).as("A released the Lease on stop").isIn("", "replica-b");

                LeaseSpec taken = awaitHolder(a.client, "replica-b");
                Duration handover = Duration.ofNanos(System.nanoTime() - stoppedAt);
                System.out.printf("leader handover: replica-b leads %d ms after replica-a was stopped; without the "
                        + "release it could not have before %d ms (Lease duration %d s)%n", handover.toMillis(),
                        leaseLeft.toMillis(), beforeStop.getLeaseDurationSeconds());
                assertThat(handover).isLessThan(HANDOVER_LIMIT);
                assertThat(taken.getAcquireTime()).as("B acquired before A's Lease would have expired")
                        .isBefore(expiry);
                assertThat(taken.getLeaseTransitions()).isEqualTo(beforeStop.getLeaseTransitions() + 1);

                a.create(mirror("team", "after", repo("docker.io/library/redis"),
                        repo("registry.example.com/m/redis")));
                a.awaitReady("team", "after", "Synced");
                assertThat(engineB.jobs()).extracting(MirrorJob::name).containsExactly("team/after");
                assertThat(engineA.jobs()).extracting(MirrorJob::name).containsExactly("team/before");
            } finally {
                b.close();
            }
            assertThat(a.operator.awaitTermination()).as("a stop is not a lost leadership").isZero();
            assertThat(b.awaitTermination()).isZero();
        }
    }

    private static Lease lease(KubernetesClient client) {
        return client.leases().inNamespace(LEASE_NAMESPACE).withName(OperatorSettings.LEASE_NAME).get();
    }

    private static LeaseSpec awaitHolder(KubernetesClient client, String identity) {
        return await().atMost(OperatorHarness.WAIT).pollInterval(Duration.ofMillis(20)).until(() -> lease(client),
                l -> l != null && identity.equals(l.getSpec().getHolderIdentity())).getSpec();
    }
}
