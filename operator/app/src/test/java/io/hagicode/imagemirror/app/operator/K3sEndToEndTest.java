package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.basicAuth;
import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SecretReference;
import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.sync.TransferLimits;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.Skopeo;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * End to end against a real Kubernetes API server: k3s in a container (Testcontainers). The CRD from {@code crds/} is
 * applied, the operator runs in this JVM against k3s (with leader election, so the real RBAC check and Lease are
 * exercised), and an ImageMirror plus a basic-auth Secret must reach Ready=True.
 * <p>
 * Where the registries run: on 127.0.0.1, started by the testkit like in every other test. The operator is the only
 * party that talks to registries, and it runs in this JVM; k3s only stores ImageMirrors, Secrets, Events and the
 * Lease, and never pulls anything. So the registries need not be reachable from inside the k3s container, and no
 * registry container or network bridge is needed. (Were the operator deployed as a pod in k3s, the registry would have
 * to run in a container on a shared Testcontainers {@code Network} and be addressed by its alias, or be reached as
 * {@code host.testcontainers.internal}.)
 * <p>
 * Needs Docker and the {@value #K3S_IMAGE} image; it skips with a message within seconds when either is missing (no
 * image can be pulled on the build machines). To run it: on a machine with Docker, {@code docker pull }
 * {@value #K3S_IMAGE}, then {@code mvn -pl operator/app test -Dtest=K3sEndToEndTest}.
 */
class K3sEndToEndTest {
    static final String K3S_IMAGE = "rancher/k3s:v1.31.4-k3s1";
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void anImageMirrorAndASecretAppliedToK3sBecomeReady() throws Exception {
        DockerImageName image = DockerImageName.parse(K3S_IMAGE);
        DockerAndImage.assumeAvailable(image);
        DistributionRegistry.assumeInstalled();
        Skopeo.assumeInstalled();
        try (K3sContainer k3s = new K3sContainer(image);
             DistributionRegistry source = DistributionRegistry.plain();
             DistributionRegistry target = DistributionRegistry.builder().htpasswd("robot", "k3s-pass").start()) {
            k3s.start();
            FixtureImages.pushMultiArchOciIndex(source, "team/app", "1.0.0", 7);
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build()) {
                CustomResourceDefinition crd = client.resource(OperatorHarness.crd()).create();
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                                .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                                1, TimeUnit.MINUTES);
                OperatorMetrics metrics = new OperatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
                OperatorSyncEngine engine = new OperatorSyncEngine(ClientOptions.defaults(), TransferLimits.of(8, 4),
                        metrics.requestObserver());
                OperatorSettings settings = TestSettings.withLeaderElection(TestSettings.defaults(), "default", "k3s-e2e");
                try (MirrorOperator operator = new MirrorOperator(client, engine, metrics, settings,
                        Clock.systemUTC())) {
                    operator.start();
                    client.resource(basicAuth("default", "target-login", "robot", "k3s-pass")).create();
                    client.resource(mirror("default", "app", new RepositorySpec(source.hostPort() + "/team/app", null, true),
                            new RepositorySpec(target.hostPort() + "/mirror/app", new SecretReference("target-login"), true)))
                            .create();

                    ImageMirror ready = await().atMost(WAIT).until(
                            () -> client.resources(ImageMirror.class).inNamespace("default").withName("app").get(),
                            m -> m.getStatus() != null && OperatorHarness.ready(m.getStatus())
                                    .map(Condition::getStatus).filter("True"::equals).isPresent());

                    assertThat(ready.getStatus().getSelectedTags()).isEqualTo(1);
                    assertThat(new Skopeo().inspectRawDigest(target, "mirror/app:1.0.0"))
                            .isEqualTo(new Skopeo().inspectRawDigest(source, "team/app:1.0.0"));
                    assertThat(client.leases().inNamespace("default").withName(OperatorSettings.LEASE_NAME).get()
                            .getSpec().getHolderIdentity()).isEqualTo("k3s-e2e");
                    assertThat(client.v1().events().inNamespace("default").list().getItems())
                            .extracting(e -> e.getReason()).contains(MirrorEvents.SYNC_STARTED, MirrorEvents.SYNC_SUCCEEDED);
                }
            }
        }
    }
}
