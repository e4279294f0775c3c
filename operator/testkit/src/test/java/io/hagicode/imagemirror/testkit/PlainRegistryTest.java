package io.hagicode.imagemirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PlainRegistryTest {
    /** Only for its check that the programs are installed: each test closes the registries it starts itself. */
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private final Skopeo skopeo = new Skopeo();

    @Test
    void pushedIndexReadsBackWithTheSameDigestAndTheAccessLogSeesTheRequests() {
        try (DistributionRegistry registry = DistributionRegistry.plain()) {
            assertThat(registry.hostPort()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(registry.registryUrl()).isEqualTo("http://" + registry.hostPort());
            assertThat(registry.isTls()).isFalse();

            PushedImage pushed = FixtureImages.pushMultiArchOciIndex(registry, "team/app", "1.0", 7);

            int mark = registry.accessLogMark();
            assertThat(skopeo.inspectRawDigest(registry, "team/app:1.0")).isEqualTo(pushed.digest());
            List<AccessLogEntry> inspect = registry.accessLogSince(mark);
            assertThat(inspect).anySatisfy(e -> {
                assertThat(e.method()).isEqualTo("GET");
                assertThat(e.path()).isEqualTo("/v2/team/app/manifests/1.0");
                assertThat(e.status()).isEqualTo(200);
            });
            assertThat(inspect).noneMatch(e -> e.is("PUT"));
            assertThat(registry.accessLog()).anyMatch(e -> e.is("PUT") && e.isManifestRequest()
                    && e.path().equals("/v2/team/app/manifests/1.0") && e.status() == 201);
            assertThat(registry.accessLog()).noneMatch(e -> e.query().startsWith("testkit-"));
        }
    }

    @Test
    void restartKeepsPortAndStorage() {
        try (DistributionRegistry registry = DistributionRegistry.plain()) {
            PushedImage pushed = FixtureImages.pushOciImage(registry, "app", "v1", 3);
            int port = registry.port();

            registry.stop();
            assertThat(registry.isRunning()).isFalse();
            assertThatThrownBy(() -> skopeo.inspectRawDigest(registry, "app:v1"))
                    .isInstanceOf(CommandFailedException.class);

            registry.restart();
            assertThat(registry.isRunning()).isTrue();
            assertThat(registry.port()).isEqualTo(port);
            assertThat(skopeo.inspectRawDigest(registry, "app:v1")).isEqualTo(pushed.digest());
        }
    }

    @Test
    void closeKillsTheProcessAndDeletesItsFiles() {
        DistributionRegistry registry = DistributionRegistry.plain();
        assertThat(registry.storageDir()).exists();
        registry.close();
        assertThat(registry.isRunning()).isFalse();
        assertThat(Files.exists(registry.storageDir())).isFalse();
        assertThatThrownBy(registry::caCertificate).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plain HTTP");
    }

    @Test
    void listTagsAndSync() {
        try (DistributionRegistry source = DistributionRegistry.plain();
             DistributionRegistry target = DistributionRegistry.plain()) {
            FixtureImages.pushMultiArchOciIndex(source, "lib/app", "a", 1);
            FixtureImages.pushDockerImage(source, "lib/app", "b", 2);

            assertThat(skopeo.listTags(source, "lib/app")).containsExactlyInAnyOrder("a", "b");
            skopeo.sync(source.image("lib/app"), target.image("mirror"));

            assertThat(skopeo.listTags(target, "mirror/app")).containsExactlyInAnyOrder("a", "b");
            assertThat(skopeo.inspectRawDigest(target, "mirror/app:a"))
                    .isEqualTo(skopeo.inspectRawDigest(source, "lib/app:a"));
        }
    }
}
