package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.PushedImage;
import io.hagicode.imagemirror.testkit.RegistryExtension;
import io.hagicode.imagemirror.testkit.Skopeo;
import io.hagicode.imagemirror.testkit.TokenServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Against a real Distribution registry with bearer token auth (testkit token server). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenRegistryIntegrationTest {
    private static final String PASSWORD = "t0ken-Pa55";
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private TokenServer tokens;
    private DistributionRegistry registry;
    private OciRegistryClientFactory factory;
    private RegistryClient bob;
    private PushedImage index;
    private PushedImage single;

    @BeforeAll
    void start() {
        tokens = registries.tokenServer(Map.of("bob", PASSWORD));
        registry = registries.withTokenAuth(tokens);
        index = FixtureImages.pushMultiArchOciIndex(registry, "src/app", "1.0", 31);
        single = FixtureImages.pushDockerImage(registry, "src/app", "single", 32);
        factory = registries.closing(new OciRegistryClientFactory(ClientOptions.defaults()));
        bob = factory.client(registry.hostPort(), Credentials.basic("bob", PASSWORD), true);
    }

    private Repository repo(String path) {
        return new Repository(registry.hostPort(), path);
    }

    @Test
    void listsTagsAndReadsManifests() {
        assertThat(bob.listTags(repo("src/app"))).containsExactlyInAnyOrder("1.0", "single");
        assertThat(bob.headManifest(repo("src/app"), new Tag("single"))).map(d -> d.digest().toString()).contains(single.digest());
        assertThat(bob.getManifest(repo("src/app"), new Tag("1.0")).digest()).hasToString(index.digest());
    }

    @Test
    void copiesByStreamingAndByMounting() {
        ImageCopier streamed = new ImageCopier(bob, bob, false);
        ImageCopier mounted = new ImageCopier(bob, bob, true);

        streamed.copy(repo("src/app"), repo("dst/streamed"), "1.0");
        mounted.copy(repo("src/app"), repo("dst/mounted"), "single");

        Skopeo skopeo = new Skopeo();
        assertThat(skopeo.inspectRawDigest(registry, "dst/streamed:1.0")).isEqualTo(index.digest());
        assertThat(skopeo.inspectRawDigest(registry, "dst/mounted:single")).isEqualTo(single.digest());
        assertThat(streamed.blobsUploaded()).isEqualTo(index.blobDigests().size());
        assertThat(mounted.blobsMounted()).isPositive();
    }

    @Test
    void tokensAreCachedAcrossRequests() {
        int before = tokens.tokensIssued();

        for (int i = 0; i < 5; i++) {
            bob.headManifest(repo("src/app"), new Tag("1.0"));
            bob.listTags(repo("src/app"));
        }

        assertThat(tokens.tokensIssued() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void anonymousPullWorksButPushIsRefusedWithoutThePassword() {
        RegistryClient anonymous = factory.client(registry.hostPort(), Credentials.ANONYMOUS, true);
        Manifest manifest = anonymous.getManifest(repo("src/app"), new Tag("single"));

        assertThat(manifest.digest()).hasToString(single.digest());
        assertThatThrownBy(() -> anonymous.putManifest(repo("dst/anon"), new Tag("x"), manifest))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.isAuthFailure()).as(e.kind().toString()).isTrue();
                    assertThat(e.getMessage()).contains("dst/anon").doesNotContain(PASSWORD);
                });
        byte[] content = TestBlobs.random(100, 4);
        assertThatThrownBy(() -> anonymous.pushBlob(repo("dst/anon"), TestBlobs.descriptor(content),
                TestBlobs.source(content)))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.isAuthFailure()).as(e.kind().toString()).isTrue());
    }

    @Test
    void aWrongPasswordFailsAtTheTokenServerWithoutQuotingIt() {
        RegistryClient wrong = factory.client(registry.hostPort(), Credentials.basic("bob", "not-" + PASSWORD), true);

        assertThatThrownBy(() -> wrong.listTags(repo("src/app")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("token").doesNotContain(PASSWORD);
                });
    }
}
