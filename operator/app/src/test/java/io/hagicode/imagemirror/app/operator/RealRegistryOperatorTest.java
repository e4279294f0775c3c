package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.dockerConfig;
import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static io.hagicode.imagemirror.app.operator.OperatorHarness.ready;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.ProxySpec;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SecretReference;
import io.hagicode.imagemirror.api.TagFilterSpec;
import io.hagicode.imagemirror.api.TargetStatus;
import io.hagicode.imagemirror.app.job.RegistrySyncEngine;
import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.RequestObserver;
import io.hagicode.imagemirror.sync.TransferLimits;
import io.hagicode.imagemirror.testkit.ConnectProxy;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.Skopeo;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole path with the real engine: an ImageMirror and a dockerconfigjson Secret applied to the (mock) API server,
 * the operator copying between two real Distribution registries: a plain-HTTP source and a TLS + htpasswd target whose
 * CA is passed as with {@code --ca-file}. The targets must hold byte-identical manifests (digests compared with
 * skopeo, not with our own client).
 */
class RealRegistryOperatorTest {
    private static final String USER = "robot";
    private static final String PASSWORD = "t4rget-Pass";
    private static final List<String> TAGS = List.of("1.0.0", "1.1.0", "latest");

    @Test
    void aSecretAndAnImageMirrorGiveReadyAndByteIdenticalManifests() {
        DistributionRegistry.assumeInstalled();
        Skopeo.assumeInstalled();
        try (DistributionRegistry source = DistributionRegistry.plain();
             DistributionRegistry target = DistributionRegistry.tlsWithHtpasswd(USER, PASSWORD)) {
            FixtureImages.pushMultiArchOciIndex(source, "team/app", "1.0.0", 1);
            FixtureImages.pushDockerManifestList(source, "team/app", "1.1.0", 2);
            FixtureImages.pushDockerImage(source, "team/app", "latest", 3);
            FixtureImages.pushDockerImage(source, "team/app", "1.2.0-rc.1", 4);

            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            OperatorMetrics metrics = new OperatorMetrics(meters);
            RegistrySyncEngine engine = new RegistrySyncEngine(
                    ClientOptions.defaults().withExtraCaFiles(List.of(target.caCertificate())),
                    TransferLimits.of(32, 16), metrics.requestObserver());
            try (OperatorHarness h = OperatorHarness.start(engine)) {
                h.client.resource(dockerConfig("team", "target-login",
                        Map.of(target.hostPort(), new String[] {USER, PASSWORD}))).create();
                ImageMirror resource = mirror("team", "app",
                        new RepositorySpec(source.hostPort() + "/team/app", null, true),
                        new RepositorySpec(target.hostPort() + "/mirror/app", new SecretReference("target-login"), false));
                resource.getSpec().setTags(tags("-rc"));
                h.create(resource);

                ImageMirrorStatus status = h.awaitReady("team", "app", "Synced").getStatus();

                assertThat(ready(status).orElseThrow().getMessage()).isEqualTo("3 tags in sync on 1 target");
                assertThat(status.getSelectedTags()).isEqualTo(3);
                assertThat(status.getTargets().get(0).getTagsInSync()).isEqualTo(3);
                assertThat(status.getTargets().get(0).getPullReference())
                        .isEqualTo(target.hostPort() + "/mirror/app:1.1.0");
                assertThat(status.getLastSync().getTagsCopied()).isEqualTo(3);
                assertThat(status.getLastSync().getBytesCopied()).isPositive();
                Skopeo skopeo = new Skopeo();
                for (String tag : TAGS) {
                    assertThat(skopeo.inspectRawDigest(target, "mirror/app:" + tag)).as(tag)
                            .isEqualTo(skopeo.inspectRawDigest(source, "team/app:" + tag));
                }
                assertThat(skopeo.listTags(target, "mirror/app")).containsExactlyInAnyOrderElementsOf(TAGS);
                assertThat(meters.scrape()).contains("imagemirror_registry_requests_total{method=\"PUT\",registry=\""
                        + target.hostPort() + "\"");

                h.edit("team", "app", m -> {
                    m.getMetadata().setAnnotations(Map.of(ImageMirror.REQUESTED_AT_ANNOTATION, "again"));
                    return m;
                });
                ImageMirrorStatus again = h.awaitStatus("team", "app",
                        s -> "again".equals(s.getLastHandledRequestedAt()) && !OperatorHarness.syncing(s)).getStatus();
                assertThat(again.getLastSync().getTagsCopied()).isZero();
                assertThat(again.getLastSync().getBytesCopied()).isZero();
                assertThat(ready(again).orElseThrow().getReason()).isEqualTo("Synced");
            }
        }
    }

    /** The spec's proxy reaches the engine's clients through the reconcile loop, not only through the CLI. */
    @Test
    void aSourcesProxyFromTheSpecCarriesItsRequestsInTheOperator() {
        DistributionRegistry.assumeInstalled();
        Skopeo.assumeInstalled();
        try (DistributionRegistry source = DistributionRegistry.plain();
             DistributionRegistry target = DistributionRegistry.plain();
             ConnectProxy proxy = ConnectProxy.open()) {
            FixtureImages.pushDockerImage(source, "team/app", "1.0.0", 5);
            RegistrySyncEngine engine = new RegistrySyncEngine(ClientOptions.defaults(), TransferLimits.of(8, 4),
                    RequestObserver.NONE);
            try (OperatorHarness h = OperatorHarness.start(engine)) {
                RepositorySpec viaProxy = new RepositorySpec(source.hostPort() + "/team/app", null, true);
                viaProxy.setProxy(new ProxySpec(proxy.url(), null));
                h.create(mirror("team", "proxied", viaProxy,
                        new RepositorySpec(target.hostPort() + "/mirror/app", null, true)));

                h.awaitReady("team", "proxied", "Synced");

                assertThat(new Skopeo().inspectRawDigest(target, "mirror/app:1.0.0"))
                        .isEqualTo(new Skopeo().inspectRawDigest(source, "team/app:1.0.0"));
                assertThat(proxy.relayed()).as("requests the proxy relayed").isPositive();
                assertThat(proxy.heads()).allSatisfy(head -> assertThat(head.target()).contains(source.hostPort()));
            }
        }
    }

    @Test
    void aPublicTargetBehindALoginIsFoundDeniedByARealAnonymousPull() {
        DistributionRegistry.assumeInstalled();
        try (DistributionRegistry source = DistributionRegistry.plain();
             DistributionRegistry open = DistributionRegistry.plain();
             DistributionRegistry locked = DistributionRegistry.tlsWithHtpasswd(USER, PASSWORD)) {
            FixtureImages.pushDockerImage(source, "team/app", "1.0.0", 5);
            RegistrySyncEngine engine = new RegistrySyncEngine(
                    ClientOptions.defaults().withExtraCaFiles(List.of(locked.caCertificate())),
                    TransferLimits.of(32, 16), RequestObserver.NONE);
            try (OperatorHarness h = OperatorHarness.start(engine)) {
                h.client.resource(dockerConfig("team", "target-login",
                        Map.of(locked.hostPort(), new String[] {USER, PASSWORD}))).create();
                RepositorySpec openTarget = new RepositorySpec(open.hostPort() + "/mirror/app", null, true);
                openTarget.setPublic(true);
                RepositorySpec lockedTarget = new RepositorySpec(locked.hostPort() + "/mirror/app",
                        new SecretReference("target-login"), false);
                lockedTarget.setPublic(true);
                h.create(mirror("team", "app", new RepositorySpec(source.hostPort() + "/team/app", null, true),
                        openTarget, lockedTarget));

                ImageMirrorStatus status = h.awaitReady("team", "app", "Synced").getStatus();

                assertThat(status.getTargets()).extracting(TargetStatus::getAnonymousPull)
                        .containsExactly("Allowed", "Denied");
                Condition publicPull = OperatorHarness.condition(status, ConditionSet.PUBLIC_PULL).orElseThrow();
                assertThat(publicPull.getStatus()).isEqualTo("False");
                assertThat(publicPull.getReason()).isEqualTo("AnonymousPullDenied");
                assertThat(publicPull.getMessage()).startsWith(locked.hostPort() + "/mirror/app is public in the spec")
                        .contains("allow anonymous pulls of mirror/app in the settings of " + locked.hostPort())
                        .doesNotContain(open.hostPort());
                assertThat(h.events("team", MirrorEvents.ANONYMOUS_PULL_DENIED)).singleElement()
                        .satisfies(e -> assertThat(e.getMessage()).isEqualTo(publicPull.getMessage()));
                String raw = h.client.raw("/apis/mirror.hagicode.io/v1alpha1/namespaces/team/imagemirrors/app");
                String events = Serialization.asJson(h.events("team"));
                for (String secret : List.of(PASSWORD, Mirrors.b64(USER + ":" + PASSWORD))) {
                    assertThat(raw).doesNotContain(secret);
                    assertThat(events).doesNotContain(secret);
                }
            }
        }
    }

    private static TagFilterSpec tags(String excluded) {
        TagFilterSpec tags = new TagFilterSpec();
        tags.setExclude(List.of(".*" + excluded + ".*"));
        return tags;
    }
}
