package io.hagicode.imagemirror.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.RegistryExtension;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the CLI: a registry whose bearer challenge names a token realm on a link-local or cloud-metadata address is
 * refused before any credential goes there; TLS is verified unless the registry is marked insecure, and the run says
 * when it is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealmAndTlsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "realm-Secret-5e0b7d";
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private final Skopeo skopeo = new Skopeo();
    private Path dir;
    private DistributionRegistry source;
    private DistributionRegistry tlsTarget;

    @BeforeAll
    void start(@TempDir Path tempDir) {
        dir = tempDir;
        source = registries.plain();
        tlsTarget = registries.tls();
        FixtureImages.pushOciImage(source, "team/app", "1.0", 91);
    }

    private Path mirror(String name, String sourceHost, String targetHost, boolean targetInsecure) throws Exception {
        return MirrorFile.write(dir, name, sourceHost, MirrorFile.target(targetHost, name, targetInsecure));
    }

    /** A source whose every answer is a 401 with a bearer challenge naming {@code realm}. */
    private FaultProxy sourceWithRealm(String realm) {
        FaultProxy proxy = registries.closing(FaultProxy.inFrontOf(source));
        proxy.when("*", "/v2/").always().then(Fault.respond(401, Map.of("WWW-Authenticate",
                "Bearer realm=\"" + realm + "\",service=\"registry\",scope=\"repository:team/app:pull\"",
                "Content-Type", "application/json"), "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes()));
        return proxy;
    }

    private Path credentialsFor(String host) throws Exception {
        Path file = dir.resolve(host.replace(':', '_') + "-config.json");
        Files.writeString(file, JSON.writeValueAsString(Map.of("auths", Map.of(host, Map.of("auth",
                Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))))));
        return file;
    }

    @Test
    void tokenRealmsOnLinkLocalOrMetadataAddressesAreRefusedWithAClearReason() throws Exception {
        for (String realm : List.of("http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://metadata.google.internal/computeMetadata/v1/token", "http://[fe80::1]/token")) {
            FaultProxy hostile = sourceWithRealm(realm);
            CapturedRun run = CapturedRun.of("sync", "-f", mirror("realm", hostile.hostPort(), source.hostPort(), true)
                    .toString(), "--docker-config", credentialsFor(hostile.hostPort()).toString(), "--output", "json");

            assertThat(run.exitCode()).as(run.everything()).isEqualTo(1);
            JsonNode mirror = JSON.readTree(run.stdout()).path("mirrors").path(0);
            String reason = mirror.path("sourceError").asText();
            assertThat(reason).as(realm).contains("refusing token realm").contains(realm)
                    .containsAnyOf("link-local", "metadata").doesNotContain("\n");
            assertThat(run.everything()).doesNotContain(PASSWORD).doesNotContain("\tat ");
            assertThat(hostile.requests()).as("the registry was asked, and saw no credentials either")
                    .isNotEmpty().noneMatch(r -> r.authorization());
            System.out.println("[reason] " + reason);
        }
    }

    @Test
    void tlsIsVerifiedUnlessTheRegistryIsMarkedInsecureAndTheRunSaysSo() throws Exception {
        CapturedRun unverified = CapturedRun.of("sync", "-f", mirror("verify", source.hostPort(),
                tlsTarget.hostPort(), false).toString());
        CapturedRun withCa = CapturedRun.of("sync", "-f", mirror("withca", source.hostPort(), tlsTarget.hostPort(),
                false).toString(), "--ca-file", tlsTarget.caCertificate().toString());
        CapturedRun insecure = CapturedRun.of("sync", "-f", mirror("insecure", source.hostPort(),
                tlsTarget.hostPort(), true).toString());

        assertThat(unverified.exitCode()).isEqualTo(1);
        assertThat(unverified.stdout()).contains("TLS with " + tlsTarget.hostPort()).contains("--ca-file")
                .contains("insecure");
        assertThat(unverified.everything()).doesNotContain("\tat ");
        assertThat(withCa.exitCode()).as(withCa.everything()).isZero();
        assertThat(withCa.stderr()).doesNotContain(tlsTarget.hostPort() + "/mirror/withca (insecure)");
        assertThat(insecure.exitCode()).as(insecure.everything()).isZero();
        assertThat(insecure.stderr()).contains(tlsTarget.hostPort() + "/mirror/insecure (insecure)");
        String digest = skopeo.inspectRawDigest(source, "team/app:1.0");
        assertThat(skopeo.inspectRawDigest(tlsTarget, "mirror/withca:1.0")).isEqualTo(digest);
        assertThat(skopeo.inspectRawDigest(tlsTarget, "mirror/insecure:1.0")).isEqualTo(digest);
    }
}
