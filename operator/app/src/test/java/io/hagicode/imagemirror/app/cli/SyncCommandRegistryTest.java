package io.hagicode.imagemirror.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hagicode.imagemirror.testkit.AccessLogEntry;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.Skopeo;
import io.hagicode.imagemirror.testkit.TokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", as a new user would try it: a plain-HTTP source holding multi-arch OCI, Docker manifest list
 * and single Docker images; two targets with different auth (TLS + basic auth, and bearer tokens); then a no-op run, then
 * a new tag and a moved tag. Every step goes through the real CLI and is checked with skopeo.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncCommandRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "tls-pa55word";
    private static final String TOKEN_PASSWORD = "t0ken-pa55word";

    private Path dir;
    private TokenServer tokens;
    private DistributionRegistry source;
    private DistributionRegistry tlsTarget;
    private DistributionRegistry tokenTarget;
    private final Skopeo skopeo = new Skopeo();
    private Path mirrorFile;
    private Path dockerConfig;

    @BeforeAll
    void startRegistries(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        Skopeo.assumeInstalled();
        tokens = TokenServer.start(Map.of("bob", TOKEN_PASSWORD));
        source = DistributionRegistry.plain();
        tlsTarget = DistributionRegistry.tlsWithHtpasswd("alice", PASSWORD);
        tokenTarget = DistributionRegistry.withTokenAuth(tokens);

        FixtureImages.pushMultiArchOciIndex(source, "team/app", "1.0.0", 1);
        FixtureImages.pushDockerManifestList(source, "team/app", "1.1.0", 1);   // shares the base layer with 1.0.0
        FixtureImages.pushDockerImage(source, "team/app", "2.0.0", 2);
        FixtureImages.copyTag(source, "team/app", "2.0.0", "latest");           // two tags, one digest
        FixtureImages.pushOciImage(source, "team/app", "2.1.0-rc1", 3);          // excluded by the filter
        FixtureImages.pushOciImage(source, "team/app", "nightly", 4);            // not included

        mirrorFile = dir.resolve("mirror.yaml");
        Files.writeString(mirrorFile, """
                apiVersion: mirror.hagicode.io/v1alpha1
                kind: ImageMirror
                metadata: {name: app}
                spec:
                  source: {repository: %s/team/app, insecure: true}
                  targets:
                    - repository: %s/mirror/app
                    - repository: %s/mirror/app
                      insecure: true
                  tags:
                    include: ['v?\\d+\\.\\d+\\.\\d+(-.*)?', 'latest']
                    exclude: ['.*-rc.*']
                  concurrency: 4
                  retries: 2
                """.formatted(source.hostPort(), tlsTarget.hostPort(), tokenTarget.hostPort()));
        dockerConfig = dir.resolve("config.json");
        Files.writeString(dockerConfig, JSON.writeValueAsString(Map.of("auths", Map.of(
                tlsTarget.hostPort(), Map.of("auth", base64("alice:" + PASSWORD)),
                tokenTarget.hostPort(), Map.of("username", "bob", "password", TOKEN_PASSWORD)))));
    }

    @AfterAll
    void stopRegistries() {
        for (AutoCloseable c : new AutoCloseable[] {source, tlsTarget, tokenTarget, tokens}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort: the testkit's shutdown hook kills leftovers
            }
        }
    }

    private CliRun sync(String... extra) {
        List<String> args = new ArrayList<>(List.of("sync", "-f", mirrorFile.toString(),
                "--docker-config", dockerConfig.toString(), "--ca-file", tlsTarget.caCertificate().toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static Map<String, String> states(JsonNode report, int target) {
        Map<String, String> states = new TreeMap<>();
        report.path("mirrors").path(0).path("targets").path(target).path("tags")
                .forEach(t -> states.put(t.path("tag").asText(), t.path("state").asText()));
        return states;
    }

    @Test
    @Order(1)
    void dryRunPlansEveryTagAndWritesNothing() throws Exception {
        int mark = tlsTarget.accessLogMark();
        CliRun run = sync("--dry-run", "--output", "json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode report = JSON.readTree(run.stdout());
        assertThat(report.path("dryRun").asBoolean()).isTrue();
        assertThat(states(report, 0)).containsOnlyKeys("1.0.0", "1.1.0", "2.0.0", "latest")
                .allSatisfy((tag, state) -> assertThat(state).isEqualTo("planned"));
        assertThat(tlsTarget.accessLogSince(mark)).noneMatch(e -> e.is("PUT") || e.is("POST") || e.is("PATCH"));
        JsonNode target = report.path("mirrors").path(0).path("targets").path(0);
        assertThat(target.path("anonymousPull").asText()).as("nothing there yet to probe").isEqualTo("Unknown");
        assertThat(target.path("anonymousPullDetail").asText()).contains("no tag is in sync");
    }

    @Test
    @Order(2)
    void coldSyncCopiesExactlyTheSelectedTagsByteForByte() throws Exception {
        CliRun run = sync("--output", "json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode report = JSON.readTree(run.stdout());   // stdout is one JSON document and nothing else
        for (int target = 0; target < 2; target++) {
            assertThat(states(report, target)).containsOnlyKeys("1.0.0", "1.1.0", "2.0.0", "latest")
                    .allSatisfy((tag, state) -> assertThat(state).isEqualTo("copied"));
        }
        for (String tag : List.of("1.0.0", "1.1.0", "2.0.0", "latest")) {
            String digest = skopeo.inspectRawDigest(source, "team/app:" + tag);
            assertThat(skopeo.inspectRawDigest(tlsTarget, "mirror/app:" + tag)).as(tag).isEqualTo(digest);
            assertThat(skopeo.inspectRawDigest(tokenTarget, "mirror/app:" + tag)).as(tag).isEqualTo(digest);
        }
        assertThat(skopeo.listTags(tlsTarget, "mirror/app")).containsExactlyInAnyOrder("1.0.0", "1.1.0", "2.0.0", "latest");
        JsonNode targets = report.path("mirrors").path(0).path("targets");
        assertThat(targets.path(0).path("bytesCopied").asLong()).isPositive()
                .isEqualTo(targets.path(1).path("bytesCopied").asLong());
        // The TLS target wants a login for everything; the token target's server gives anonymous callers pull.
        assertThat(targets.path(0).path("anonymousPull").asText()).isEqualTo("Denied");
        assertThat(targets.path(0).path("anonymousPullDetail").asText()).contains("HTTP 401");
        assertThat(targets.path(1).path("anonymousPull").asText()).isEqualTo("Allowed");
        assertThat(targets.path(1).path("anonymousPullDetail").isNull()).isTrue();
        JsonNode totals = report.path("totals");
        assertThat(totals.path("blobsCopied").asLong()).isPositive();
        assertThat(totals.path("bytesCopied").asLong()).isPositive();
        // The full images are there: an independent client can copy every platform out of each target.
        try (DistributionRegistry scratch = DistributionRegistry.plain()) {
            skopeo.copyAll(tlsTarget.image("mirror/app:1.0.0"), scratch.image("check/tls:1.0.0"));
            skopeo.copyAll(tokenTarget.image("mirror/app:1.1.0"), scratch.image("check/token:1.1.0"));
            assertThat(skopeo.inspectRawDigest(scratch, "check/tls:1.0.0"))
                    .isEqualTo(skopeo.inspectRawDigest(source, "team/app:1.0.0"));
        }
    }

    @Test
    @Order(3)
    void secondRunCopiesNothingAndMakesNoManifestGetAtTheSource() throws Exception {
        int mark = source.accessLogMark();
        CliRun run = sync("--output", "json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode report = JSON.readTree(run.stdout());
        assertThat(states(report, 0)).allSatisfy((tag, state) -> assertThat(state).isEqualTo("upToDate"));
        assertThat(states(report, 1)).allSatisfy((tag, state) -> assertThat(state).isEqualTo("upToDate"));
        assertThat(report.path("totals").path("bytesCopied").asLong()).isZero();
        List<AccessLogEntry> requests = source.accessLogSince(mark);
        assertThat(requests).filteredOn(e -> e.is("GET") && e.isManifestRequest()).isEmpty();
        assertThat(requests).filteredOn(e -> e.is("HEAD") && e.isManifestRequest()).hasSize(4);
        assertThat(requests).noneMatch(AccessLogEntry::isBlobRequest);
    }

    @Test
    @Order(4)
    void aNewTagAndAMovedTagAreAllThatTheNextRunCopies() throws Exception {
        FixtureImages.pushMultiArchOciIndex(source, "team/app", "3.0.0", 5);
        FixtureImages.copyTag(source, "team/app", "1.0.0", "latest");
        CliRun run = sync();
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("2 copied, 3 up to date, 0 failed")
                .contains("    anonymous pull: Denied (checking manifest " + tlsTarget.hostPort() + "/mirror/app:")
                .contains("    anonymous pull: Allowed (tag ");
        assertThat(run.stderr()).contains("mirror/app:3.0.0 copied").contains("mirror/app:latest copied")
                .doesNotContain("mirror/app:1.0.0 copied");
        assertThat(skopeo.inspectRawDigest(tokenTarget, "mirror/app:latest"))
                .isEqualTo(skopeo.inspectRawDigest(source, "team/app:1.0.0"));
    }

    @Test
    @Order(5)
    void credentialsNeverReachTheOutput() {
        CliRun run = sync("--output", "json");
        assertThat(run.stdout() + run.stderr()).doesNotContain(PASSWORD).doesNotContain(TOKEN_PASSWORD)
                .doesNotContain(base64("alice:" + PASSWORD));
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
