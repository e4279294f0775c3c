package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static io.hagicode.imagemirror.app.operator.Mirrors.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * Two replicas against one API server: only the holder of the Lease syncs, and stopping an operator ends its
 * leadership without {@code System.exit} (which would kill this test's JVM). The standby, once it leads, decides from
 * the status the leader wrote and syncs nothing more.
 */
class LeaderElectionTest {
    private static final String LEASE_NAMESPACE = "imagemirror-system";

    @Test
    void onlyTheLeaseHolderSyncsAndStoppingDoesNotExit() throws Exception {
        FakeSyncEngine leaderEngine = new FakeSyncEngine();
        FakeSyncEngine standbyEngine = new FakeSyncEngine();
        try (OperatorHarness leader = OperatorHarness.start(leaderEngine,
                s -> TestSettings.withLeaderElection(s, LEASE_NAMESPACE, "replica-a"),
                LeaderElectionTest::allowLeases)) {
            Lease lease = await().atMost(OperatorHarness.WAIT).until(() -> leader.client.leases()
                    .inNamespace(LEASE_NAMESPACE).withName(OperatorSettings.LEASE_NAME).get(), l -> l != null);
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");

            PrometheusMeterRegistry standbyMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            MirrorOperator standby = new MirrorOperator(leader.client, standbyEngine,
                    new OperatorMetrics(standbyMeters),
                    TestSettings.withLeaderElection(TestSettings.defaults(), LEASE_NAMESPACE, "replica-b"),
                    leader.clock);
            try {
                standby.start();
                leader.create(mirror("team", "app", repo("docker.io/library/nginx"), repo("registry.example.com/m/nginx")));
                leader.awaitReady("team", "app", "Synced");
                assertThat(leaderEngine.jobs()).hasSize(1);
                // A standby must be Ready too, or a Deployment's rolling update would never finish.
                await().atMost(OperatorHarness.WAIT).until(standby::isReady);

                leader.operator.close();
                assertThat(leader.operator.awaitTermination()).isZero();
                assertThat(leader.operator.isLive()).isTrue();

                // The standby leads now. Once it has reconciled the mirror (its gauges say so), a sync it had started
                // at any time would be in its pool or have left a completion there.
                await().atMost(OperatorHarness.WAIT).until(() -> standbyMeters.scrape()
                        .contains("imagemirror_ready{name=\"app\",namespace=\"team\"} 1.0"));
                ResourceID app = new MirrorRef("team", "app", null).id();
                assertThat(standby.pool().active(app)).isEmpty();
                assertThat(standby.pool().lastCompletion(app)).isEmpty();
                assertThat(standbyEngine.jobs()).as("the standby synced nothing: the status says the mirror is in sync")
                        .isEmpty();
            } finally {
                standby.close();
            }
            assertThat(standby.awaitTermination()).isZero();
        }
    }

    /** JOSDK checks its RBAC with a SelfSubjectRulesReview first, which the CRUD mock cannot answer. */
    static void allowLeases(KubernetesMockServer server) {
        SelfSubjectRulesReview review = new SelfSubjectRulesReviewBuilder()
                .withNewStatus().withIncomplete(false)
                .withResourceRules(new ResourceRuleBuilder().withApiGroups("coordination.k8s.io")
                        .withResources("leases").withVerbs("create", "update", "get").build())
                .endStatus().build();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, review).always();
    }
}
