package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.PushedImage;
import io.hagicode.imagemirror.testkit.RegistryExtension;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Against a real Distribution registry with TLS (private CA) and htpasswd Basic auth. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsRegistryIntegrationTest {
    private static final String PASSWORD = "s3cret-Pa55";
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private DistributionRegistry registry;
    private OciRegistryClientFactory factory;
    private RegistryClient alice;
    private PushedImage image;

    @BeforeAll
    void start() {
        registry = registries.tlsWithHtpasswd("alice", PASSWORD);
        image = FixtureImages.pushMultiArchOciIndex(registry, "src/app", "1.0", 21);
        factory = registries.closing(new OciRegistryClientFactory(ClientOptions.defaults()
                .withExtraCaFiles(List.of(registry.caCertificate()))));
        alice = factory.client(registry.hostPort(), Credentials.basic("alice", PASSWORD), false);
    }

    private Repository repo(String path) {
        return new Repository(registry.hostPort(), path);
    }

    @Test
    void listsTagsAndCopiesWithVerifiedTls() {
        assertThat(alice.listTags(repo("src/app"))).containsExactly("1.0");

        new ImageCopier(alice, alice, true).copy(repo("src/app"), repo("dst/app"), "1.0");

        assertThat(new Skopeo().inspectRawDigest(registry, "dst/app:1.0")).isEqualTo(image.digest());
        assertThat(alice.headManifest(repo("dst/app"), new Tag("1.0"))).map(d -> d.digest().toString()).contains(image.digest());
    }

    @Test
    void aWrongPasswordIsUnauthorizedAndNotQuoted() {
        RegistryClient wrong = factory.client(registry.hostPort(), Credentials.basic("alice", "wrong-" + PASSWORD), false);

        assertThatThrownBy(() -> wrong.listTags(repo("src/app")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("src/app").doesNotContain(PASSWORD);
                });
    }

    @Test
    void anonymousIsUnauthorized() {
        RegistryClient anonymous = factory.client(registry.hostPort(), Credentials.ANONYMOUS, false);

        assertThatThrownBy(() -> anonymous.getManifest(repo("src/app"), new Tag("1.0")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.UNAUTHORIZED));
    }

    @Test
    void withoutTheCaTheTlsFailureSuggestsCaFile() {
        try (OciRegistryClientFactory plainTrust = new OciRegistryClientFactory(ClientOptions.defaults().withMaxAttempts(1))) {
            RegistryClient client = plainTrust.client(registry.hostPort(), Credentials.basic("alice", PASSWORD), false);

            assertThatThrownBy(() -> client.listTags(repo("src/app")))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegistryErrorKind.NETWORK);
                        assertThat(e.getMessage()).contains("--ca-file").doesNotContain(PASSWORD);
                    });
        }
    }

    @Test
    void insecureSkipsVerificationButKeepsTls() {
        try (OciRegistryClientFactory plainTrust = new OciRegistryClientFactory(ClientOptions.defaults())) {
            RegistryClient client = plainTrust.client(registry.hostPort(), Credentials.basic("alice", PASSWORD), true);

            assertThat(client.listTags(repo("src/app"))).containsExactly("1.0");
        }
    }
}
