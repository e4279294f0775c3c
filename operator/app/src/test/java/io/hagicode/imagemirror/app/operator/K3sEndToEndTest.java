package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.basicAuth;
import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SecretReference;
import io.hagicode.imagemirror.testkit.FixtureImage;
import io.hagicode.imagemirror.testkit.ImageSpec;
import io.hagicode.imagemirror.testkit.LayerSpec;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * End to end as a user runs it: k3s in a container (Testcontainers); the operator image built by Jib imported into
 * k3s's containerd; {@code deploy/} applied with kubectl's kustomize, so the real API server checks the CRD, the RBAC
 * and the hardened Deployment as committed; the operator running as a pod; two Distribution registries in the cluster
 * (see {@link ClusterRegistries}). Then, in order:
 * <ol>
 *   <li>an ImageMirror with a basic-auth Secret becomes Ready=True, and skopeo reads identical digests at source and
 *       target;</li>
 *   <li>{@code k3s kubectl get imm} prints our columns, computed by the API server from the CRD;</li>
 *   <li>the {@code mirror.hagicode.io/requested-at} annotation, set with {@code kubectl annotate}, syncs a tag pushed
 *       meanwhile;</li>
 *   <li>the Secret rotated to a wrong password is used (AuthenticationFailed), and rotated back (Ready again);</li>
 *   <li>deleting an ImageMirror while a large layer is in flight cancels its sync: the operator logs it, and the tag
 *       never reaches the target;</li>
 *   <li>with two replicas, deleting the leader pod hands the Lease to another well before it would have expired, and
 *       syncs continue.</li>
 * </ol>
 * Needs Docker that has or can pull {@code rancher/k3s} and {@code registry:2}, skopeo on the host, and the operator
 * image tar. Where any is missing it skips within seconds, saying which; with {@code -Dimagemirror.e2e.required=true}
 * it fails instead. CI (.github/workflows/e2e.yml) runs exactly:
 * <pre>
 * mvn -B -pl operator/app -am -Pjib-tar package -DskipTests -Djib.from.platforms=linux/amd64 -Dimage=imagemirror:e2e
 * mvn -B -pl operator/app -am test -Dtest=K3sEndToEndTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dimagemirror.e2e.required=true -Dimagemirror.e2e.imageTar=operator/app/target/jib-image.tar \
 *     -Dimagemirror.e2e.image=imagemirror:e2e
 * </pre>
 */
class K3sEndToEndTest {
    private static final String NS = "e2e";
    private static final String SECRET = "target-login";
    private static final String WRONG_PASSWORD = "not-the-Password-0b7e";
    /** Large enough to be in flight for a while behind the target's shaped ingress. */
    private static final int BIG_LAYER_BYTES = 64 << 20;
    private static final Duration WAIT = Duration.ofMinutes(3);

    private K3sCluster k3s;
    private ClusterRegistry source;
    private ClusterRegistry target;
    private OperatorDeployment operator;

    @Test
    void theOperatorDeployedFromDeployMirrorsInsideKubernetes() {
        E2eSettings e2e = E2eSettings.fromSystemProperties();
        DockerAndImage.require(e2e, K3sCluster.IMAGE, ClusterRegistries.IMAGE);
        e2e.need(Files.isExecutable(Path.of(Skopeo.binary())), "needs skopeo at " + Skopeo.binary());
        Path operatorImage = e2e.operatorImageTar();

        try (K3sCluster cluster = K3sCluster.start(ClusterRegistries.SOURCE_NODE_PORT,
                ClusterRegistries.TARGET_NODE_PORT)) {
            k3s = cluster;
            try {
                k3s.importImage(operatorImage);
                k3s.importDockerImage(ClusterRegistries.IMAGE);
                ClusterRegistries.Registries registries = ClusterRegistries.deploy(k3s);
                source = registries.source();
                target = registries.target();
                operator = OperatorDeployment.install(k3s, e2e);
                k3s.kubectl("create", "namespace", NS);

                anImageMirrorWithABasicAuthSecretBecomesReady();
                kubectlGetShowsOurColumns();
                theRequestedAtAnnotationTriggersASync();
                aRotatedSecretIsUsed();
                deletingAMirrorCancelsItsSyncInFlight();
                deletingTheLeaderPodHandsTheLeaseOverAndSyncsContinue();
            } catch (RuntimeException | AssertionError e) {
                printDiagnostics();
                throw e;
            }
        }
    }

    private void anImageMirrorWithABasicAuthSecretBecomesReady() {
        source.push("team/app", "1.0.0", FixtureImage.seededIndex(7, "linux/amd64", "linux/arm64/v8"));
        k3s.client.resource(basicAuth(NS, SECRET, ClusterRegistries.USER, ClusterRegistries.PASSWORD)).create();
        k3s.client.resource(mirror(NS, "app", new RepositorySpec(source.repository("team/app"), null, true),
                new RepositorySpec(target.repository("mirror/app"), new SecretReference(SECRET), true))).create();

        ImageMirror ready = awaitStatus("app", s -> settled(s, ReadyReason.Synced));

        assertThat(OperatorHarness.ready(ready.getStatus()).map(Condition::getStatus)).contains("True");
        assertThat(ready.getStatus().getSelectedTags()).isEqualTo(1);
        assertSameDigest("1.0.0");
        assertThat(k3s.client.v1().events().inNamespace(NS).list().getItems()).extracting(Event::getReason)
                .contains(MirrorEvents.SYNC_STARTED, MirrorEvents.SYNC_SUCCEEDED);
    }

    private void kubectlGetShowsOurColumns() {
        String table = k3s.kubectl("get", "imm", "-n", NS);
        System.out.println("e2e: $ k3s kubectl get imm -n " + NS + "\n" + table);

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0))
                .matches("NAME\\s+SOURCE\\s+TARGETS\\s+TAGS\\s+READY\\s+REASON\\s+LAST SYNC\\s+AGE\\s*");
        assertThat(lines.get(1).split("\\s+"))
                .startsWith("app", source.repository("team/app"), "1", "1", "True", "Synced");
    }

    private void theRequestedAtAnnotationTriggersASync() {
        source.push("team/app", "1.1.0", FixtureImage.seededIndex(8, "linux/amd64", "linux/arm64/v8"));
        assertThat(target.manifestStatus("mirror/app", "1.1.0")).as("1.1.0 before the request").isEqualTo(404);

        String requestedAt = requestSync("app");
        ImageMirror synced = awaitStatus("app", s -> requestedAt.equals(s.getLastHandledRequestedAt())
                && settled(s, ReadyReason.Synced));

        assertThat(synced.getStatus().getSelectedTags()).isEqualTo(2);
        assertSameDigest("1.1.0");
    }

    private void aRotatedSecretIsUsed() {
        k3s.client.resource(basicAuth(NS, SECRET, ClusterRegistries.USER, WRONG_PASSWORD)).update();
        String wrong = requestSync("app");
        ImageMirror refused = awaitStatus("app", s -> wrong.equals(s.getLastHandledRequestedAt())
                && settled(s, ReadyReason.AuthenticationFailed));
        assertThat(OperatorHarness.ready(refused.getStatus()).map(Condition::getStatus)).contains("False");

        k3s.client.resource(basicAuth(NS, SECRET, ClusterRegistries.USER, ClusterRegistries.PASSWORD)).update();
        String right = requestSync("app");
        ImageMirror ready = awaitStatus("app", s -> right.equals(s.getLastHandledRequestedAt())
                && settled(s, ReadyReason.Synced));

        assertThat(Serialization.asJson(refused.getStatus()) + Serialization.asJson(ready.getStatus()))
                .doesNotContain(WRONG_PASSWORD).doesNotContain(ClusterRegistries.PASSWORD);
        assertThat(operator.logs()).doesNotContain(WRONG_PASSWORD).doesNotContain(ClusterRegistries.PASSWORD);
    }

    private void deletingAMirrorCancelsItsSyncInFlight() {
        source.push("team/big", "1.0.0", FixtureImage.single(ImageSpec.of("linux/amd64",
                new LayerSpec(99, BIG_LAYER_BYTES))));
        ImageMirror big = mirror(NS, "big", new RepositorySpec(source.repository("team/big"), null, true),
                new RepositorySpec(target.repository("mirror/big"), new SecretReference(SECRET), true));
        big.getSpec().setRetries(0);
        k3s.client.resource(big).create();

        await("a layer upload to mirror/big in flight").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> uploadInFlight("mirror/big"));
        k3s.client.resources(ImageMirror.class).inNamespace(NS).withName("big").delete();

        await("the operator cancelled the sync of e2e/big").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> operator.logs().contains(NS + "/big: sync cancelled"));
        assertThat(target.manifestStatus("mirror/big", "1.0.0")).as("mirror/big:1.0.0 on the target").isEqualTo(404);
        assertThat(source.manifestStatus("team/big", "1.0.0")).as("team/big:1.0.0 on the source").isEqualTo(200);
    }

    private void deletingTheLeaderPodHandsTheLeaseOverAndSyncsContinue() {
        operator.scale(2);
        LeaseSpec before = await().atMost(WAIT).until(operator::lease, l -> l != null && isHeld(l));
        String leader = before.getHolderIdentity();
        assertThat(operator.pods()).hasSize(2).contains(leader);

        ZonedDateTime expiry = before.getRenewTime().plusSeconds(before.getLeaseDurationSeconds());
        long deletedAt = System.nanoTime();
        operator.deletePod(leader);
        LeaseSpec after = await("another replica holds the Lease").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(operator::lease, l -> l != null && isHeld(l) && !leader.equals(l.getHolderIdentity()));
        Duration handover = Duration.ofNanos(System.nanoTime() - deletedAt);
        System.out.printf("e2e: leader handover: %s leads %d ms after the leader pod %s was deleted (Lease duration "
                + "%d s)%n", after.getHolderIdentity(), handover.toMillis(), leader, before.getLeaseDurationSeconds());
        assertThat(after.getAcquireTime()).as("taken before the old leader's Lease would have expired")
                .isBefore(expiry);

        source.push("team/app", "1.2.0", FixtureImage.seededIndex(9, "linux/amd64", "linux/arm64/v8"));
        String requestedAt = requestSync("app");
        awaitStatus("app", s -> requestedAt.equals(s.getLastHandledRequestedAt()) && settled(s, ReadyReason.Synced));
        assertSameDigest("1.2.0");
        assertThat(operator.logs(after.getHolderIdentity())).contains(NS + "/app: sync started (requested");
    }

    /** What a release pipeline does: {@code kubectl annotate ... requested-at=<now> --overwrite}. */
    private String requestSync(String name) {
        String now = Instant.now().toString();
        k3s.kubectl("annotate", "imagemirror", name, "-n", NS, ImageMirror.REQUESTED_AT_ANNOTATION + "=" + now,
                "--overwrite");
        return now;
    }

    /** An upload to the target's repository has written more than 1 MiB: the registry's upload folder shows it. */
    private boolean uploadInFlight(String repository) {
        return !k3s.tryKubectl("exec", "-n", ClusterRegistries.NAMESPACE, "deployment/target", "--", "find",
                "/var/lib/registry/docker/registry/v2/repositories/" + repository + "/_uploads", "-name", "data",
                "-size", "+1024k").getStdout().isBlank();
    }

    private void assertSameDigest(String tag) {
        assertThat(target.rawDigest("mirror/app", tag)).as("digest of mirror/app:" + tag)
                .isEqualTo(source.rawDigest("team/app", tag));
    }

    private ImageMirror awaitStatus(String name, Predicate<ImageMirrorStatus> condition) {
        return await(NS + "/" + name + " reaching the expected status").atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> k3s.client.resources(ImageMirror.class).inNamespace(NS).withName(name).get(),
                        m -> m != null && m.getStatus() != null && condition.test(m.getStatus()));
    }

    /** The Ready reason is {@code reason} and no sync runs. */
    private static boolean settled(ImageMirrorStatus status, ReadyReason reason) {
        return OperatorHarness.ready(status).map(Condition::getReason).filter(reason.name()::equals).isPresent()
                && !OperatorHarness.syncing(status);
    }

    private static boolean isHeld(LeaseSpec lease) {
        return lease.getHolderIdentity() != null && !lease.getHolderIdentity().isEmpty();
    }

    private void printDiagnostics() {
        try {
            System.out.println("e2e: diagnostics\n" + k3s.diagnostics(List.of(OperatorDeployment.NAMESPACE,
                    ClusterRegistries.NAMESPACE, NS)));
            if (operator != null) {
                for (String pod : operator.pods()) {
                    System.out.println("--- logs of " + pod + "\n" + operator.logs(pod));
                }
            }
        } catch (RuntimeException | AssertionError e) {
            System.out.println("e2e: could not collect diagnostics: " + e);
        }
    }
}
