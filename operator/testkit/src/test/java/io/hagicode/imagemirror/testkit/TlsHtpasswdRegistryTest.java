package io.hagicode.imagemirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TlsHtpasswdRegistryTest {
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private static DistributionRegistry registry;
    private final Skopeo skopeo = new Skopeo();

    @BeforeAll
    static void start() {
        registry = registries.tlsWithHtpasswd("alice", "s3cret-pw");
    }

    @Test
    void servesHttpsWithACertificateForTheLoopbackAddress() throws Exception {
        assertThat(registry.isTls()).isTrue();
        assertThat(registry.registryUrl()).startsWith("https://127.0.0.1:");
        assertThat(Files.readString(registry.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(registry.skopeoCertDir().resolve("ca.crt")).isEqualTo(registry.caCertificate());

        HttpClient client = HttpClient.newBuilder().sslContext(registry.tlsMaterial().orElseThrow().sslContext())
                .build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(registry.registryUrl() + "/v2/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                h -> assertThat(h).startsWith("Basic realm="));
    }

    @Test
    void theHtpasswdUserPushesAndReadsBack() {
        PushedImage pushed = FixtureImages.pushDockerManifestList(registry, "secure/app", "1.0", 11);

        assertThat(skopeo.inspectRawDigest(registry.image("secure/app:1.0").as("alice", "s3cret-pw")))
                .isEqualTo(pushed.digest());
        assertThat(registry.accessLog()).anyMatch(e -> e.is("PUT") && e.path().equals("/v2/secure/app/manifests/1.0")
                && e.status() == 201);
    }

    @Test
    void anonymousAndWrongPasswordAreRefusedAndThePasswordIsNotInTheMessage() {
        FixtureImages.pushOciImage(registry, "secure/other", "v1", 12);
        int mark = registry.accessLogMark();

        assertThatThrownBy(() -> skopeo.inspectRaw(registry.image("secure/other:v1").anonymous()))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("--no-creds");
        assertThatThrownBy(() -> skopeo.inspectRaw(registry.image("secure/other:v1").as("alice", "wrong-pw-123")))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("--creds=alice:***")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-pw-123"));
        assertThat(registry.accessLogSince(mark)).anyMatch(e -> e.status() == 401)
                .noneMatch(e -> e.isManifestRequest() && e.status() == 200);
    }

    @Test
    void basicCredentialsHideThePassword() {
        assertThat(registry.adminCredentials().orElseThrow().toString())
                .contains("alice").doesNotContain("s3cret-pw");
    }
}
