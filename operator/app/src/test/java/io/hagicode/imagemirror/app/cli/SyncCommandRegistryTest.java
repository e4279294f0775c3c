package io.hagicode.imagemirror.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hagicode.imagemirror.testkit.AccessLogEntry;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.RegistryExtension;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's "done when", as a new user would try it: a plain-HTTP source holding multi-arch OCI, Docker manifest list
 * and single Docker images; two targets with different auth (TLS + basic auth, and bearer tokens); a dry run, a cold
 * run, a no-op run, and a new tag and a moved tag. Every step goes through the real CLI and is checked with skopeo.
 * The registries are shared, but each test mirrors into target repositories of its own and brings the state it
 * starts from (a first run, a source repository it may change), so each passes or fails on its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncCommandRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "tls-pa55word";
    private static final String TOKEN_PASSWORD = "t0ken-pa55word";
    /** The tags of {@link #pushSourceImages} that the mirror's filter selects. */
    private static final List<String> SELECTED = List.of("1.0.0", "1.1.0", "2.0.0", "latest");
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();

    private Path dir;
    private TokenServer tokens;
    private DistributionRegistry source;
    private DistributionRegistry tlsTarget;
    private DistributionRegistry tokenTarget;
    private final Skopeo skopeo = new Skopeo();
    private Path dockerConfig;

    @BeforeAll
    void startRegistries(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        tokens = registries.tokenServer(Map.of("bob", TOKEN_PASSWORD));
        source = registries.plain();
        tlsTarget = registries.tlsWithHtpasswd("alice", PASSWORD);
        tokenTarget = registries.withTokenAuth(tokens);
        pushSourceImages("team/app");
        dockerConfig = dir.resolve("config.json");
        Files.writeString(dockerConfig, JSON.writeValueAsString(Map.of("auths", Map.of(
                tlsTarget.hostPort(), Map.of("auth", base64("alice:" + PASSWORD)),
                tokenTarget.hostPort(), Map.of("username", "bob", "password", TOKEN_PASSWORD)))));
    }

    private void pushSourceImages(String repository) {
        FixtureImages.pushMultiArchOciIndex(source, repository, "1.0.0", 1);
        FixtureImages.pushDockerManifestList(source, repository, "1.1.0", 1);   // shares the base layer with 1.0.0
        FixtureImages.pushDockerImage(source, repository, "2.0.0", 2);
        FixtureImages.copyTag(source, repository, "2.0.0", "latest");           // two tags, one digest
        FixtureImages.pushOciImage(source, repository, "2.1.0-rc1", 3);          // excluded by the filter
        FixtureImages.pushOciImage(source, repository, "nightly", 4);            // not included
    }

    /** A mirror of {@code sourceRepository} to {@code mirror/<target>} on both targets. */
    private Path mirrorFile(String sourceRepository, String target) throws Exception {
        Path file = dir.resolve(target + ".yaml");
        Files.writeString(file, """
                apiVersion: mirror.hagicode.io/v1alpha1
                kind: ImageMirror
                metadata: {name: app}
                spec:
                  source: {repository: %s/%s, insecure: true}
                  targets:
                    - repository: %s/mirror/%s
                    - repository: %s/mirror/%s
                      insecure: true
                  tags:
                    include: ['v?\\d+\\.\\d+\\.\\d+(-.*)?', 'latest']
                    exclude: ['.*-rc.*']
                  concurrency: 4
                  retries: 2
                """.formatted(source.hostPort(), sourceRepository, tlsTarget.hostPort(), target,
                tokenTarget.hostPort(), target));
        return file;
    }

    private CliRun sync(Path mirrorFile, String... extra) {
        List<String> args = new ArrayList<>(List.of("sync", "-f", mirrorFile.toString(),
                "--docker-config", dockerConfig.toString(), "--ca-file", tlsTarget.caCertificate().toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The run every test that needs its targets filled starts from. */
    private void syncOnce(Path mirrorFile) {
        CliRun first = sync(mirrorFile);
        assertThat(first.exitCode()).as("the first run: " + first.stderr()).isZero();
    }

    private static Map<String, String> states(JsonNode report, int target) {
        Map<String, String> states = new TreeMap<>();
        report.path("mirrors").path(0).path("targets").path(target).path("tags")
                .forEach(t -> states.put(t.path("tag").asText(), t.path("state").asText()));
        return states;
    }

    @Test
    void aMirrorOfDigestPinsOnlyCopiesThePinnedManifestsAndNoOtherTag() throws Exception {
        String pinned = skopeo.inspectRawDigest(source, "team/app:1.0.0");
        String tagged = skopeo.inspectRawDigest(source, "team/app:2.0.0");
        Path file = dir.resolve("pins.yaml");
        Files.writeString(file, """
                apiVersion: mirror.hagicode.io/v1alpha1
                kind: ImageMirror
                metadata: {name: pins}
                spec:
                  source: {repository: %s/team/app, insecure: true}
                  targets:
                    - repository: %s/mirror/pins
                  digests:
                    - digest: %s
                    - {digest: %s, tag: stable}
                """.formatted(source.hostPort(), tlsTarget.hostPort(), pinned, tagged));

        CliRun run = sync(file, "--output", "json");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(states(JSON.readTree(run.stdout()), 0)).containsOnly(
                Map.entry("@" + pinned, "copied"), Map.entry("stable@" + tagged, "copied"));
        assertThat(skopeo.inspectRawDigest(tlsTarget, "mirror/pins@" + pinned)).isEqualTo(pinned);
        assertThat(skopeo.inspectRawDigest(tlsTarget, "mirror/pins:stable")).isEqualTo(tagged);
        assertThat(skopeo.listTags(tlsTarget, "mirror/pins")).containsExactly("stable");
    }

    @Test
    void dryRunPlansEveryTagAndWritesNothing() throws Exception {
        Path mirror = mirrorFile("team/app", "dry-run");
        int mark = tlsTarget.accessLogMark();
        CliRun run = sync(mirror, "--dry-run", "--output", "json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode report = JSON.readTree(run.stdout());
        assertThat(report.path("dryRun").asBoolean()).isTrue();
        assertThat(states(report, 0)).containsOnlyKeys(SELECTED)
                .allSatisfy((tag, state) -> assertThat(state).isEqualTo("planned"));
        assertThat(tlsTarget.accessLogSince(mark)).noneMatch(e -> e.is("PUT") || e.is("POST") || e.is("PATCH"));
        JsonNode target = report.path("mirrors").path(0).path("targets").path(0);
        assertThat(target.path("anonymousPull").asText()).as("nothing there yet to probe").isEqualTo("Unknown");
        assertThat(target.path("anonymousPullDetail").asText()).contains("no tag is in sync");
    }

    @Test
    void dryRunListsTheSignatureItWouldCopyAndNothingOnceSynced() throws Exception {
        FixtureImages.pushOciImage(source, "signed/app", "1.0.0", 11);
        String subject = skopeo.inspectRawDigest(source, "signed/app:1.0.0");
        // Any manifest under cosign's tag of the subject is its signature, as far as a mirror is concerned.
        String sigTag = subject.replace(':', '-') + ".sig";
        FixtureImages.pushOciImage(source, "signed/app", sigTag, 12);
        Path mirror = mirrorFile("signed/app", "signed");
        int tlsMark = tlsTarget.accessLogMark();
        int tokenMark = tokenTarget.accessLogMark();

        CliRun json = sync(mirror, "--dry-run", "--output", "json");
        CliRun text = sync(mirror, "--dry-run");

        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode report = JSON.readTree(json.stdout());
        for (int target = 0; target < 2; target++) {
            assertThat(states(report, target)).containsExactly(Map.entry("1.0.0", "planned"));
            JsonNode referrers = report.path("mirrors").path(0).path("targets").path(target).path("referrers");
            assertThat(referrers).hasSize(1);
            JsonNode sig = referrers.path(0);
            assertThat(sig.path("kind").asText()).isEqualTo("referrer");
            assertThat(sig.path("name").asText()).isEqualTo(sigTag);
            assertThat(sig.path("subject").asText()).isEqualTo(subject);
            assertThat(sig.path("state").asText()).isEqualTo("planned");
            assertThat(sig.path("digest").asText()).isEqualTo(skopeo.inspectRawDigest(source, "signed/app:" + sigTag));
            assertThat(sig.path("artifactType").asText()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
            assertThat(sig.path("reason").asText()).isEqualTo("not on the target");
        }
        assertThat(report.path("totals").path("referrersPlanned").asLong()).isEqualTo(2);
        assertThat(report.path("totals").path("referrersCopied").asLong()).isZero();
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout()).contains("    referrers: 1 to copy, 0 up to date, 0 failed")
                .contains("    would copy referrer " + sigTag + " (application/vnd.dev.cosign.simplesigning.v1+json)"
                        + " of 1.0.0 (" + subject.substring(0, 19) + "): not on the target")
                .contains("app: 2 referrers would be copied");
        assertThat(tlsTarget.accessLogSince(tlsMark)).noneMatch(e -> e.is("PUT") || e.is("POST") || e.is("PATCH"));
        assertThat(tokenTarget.accessLogSince(tokenMark))
                .noneMatch(e -> e.is("PUT") || e.is("POST") || e.is("PATCH"));

        syncOnce(mirror);
        assertThat(skopeo.inspectRawDigest(tlsTarget, "mirror/signed:" + sigTag))
                .isEqualTo(skopeo.inspectRawDigest(source, "signed/app:" + sigTag));
        CliRun again = sync(mirror, "--dry-run", "--output", "json");

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        JsonNode after = JSON.readTree(again.stdout());
        assertThat(after.path("totals").path("referrersPlanned").asLong()).isZero();
        assertThat(after.path("mirrors").path(0).path("targets").path(0).path("referrers").path(0).path("state")
                .asText()).isEqualTo("upToDate");
    }

    @Test
    void coldSyncCopiesExactlyTheSelectedTagsByteForByte() throws Exception {
        CliRun run = sync(mirrorFile("team/app", "cold"), "--output", "json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode report = JSON.readTree(run.stdout());   // stdout is one JSON document and nothing else
        for (int target = 0; target < 2; target++) {
            assertThat(states(report, target)).containsOnlyKeys(SELECTED)
                    .allSatisfy((tag, state) -> assertThat(state).isEqualTo("copied"));
        }
        for (String tag : SELECTED) {
            String digest = skopeo.inspectRawDigest(source, "team/app:" + tag);
            assertThat(skopeo.inspectRawDigest(tlsTarget, "mirror/cold:" + tag)).as(tag).isEqualTo(digest);
            assertThat(skopeo.inspectRawDigest(tokenTarget, "mirror/cold:" + tag)).as(tag).isEqualTo(digest);
        }
        assertThat(skopeo.listTags(tlsTarget, "mirror/cold")).containsExactlyInAnyOrderElementsOf(SELECTED);
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
            skopeo.copyAll(tlsTarget.image("mirror/cold:1.0.0"), scratch.image("check/tls:1.0.0"));
            skopeo.copyAll(tokenTarget.image("mirror/cold:1.1.0"), scratch.image("check/token:1.1.0"));
            assertThat(skopeo.inspectRawDigest(scratch, "check/tls:1.0.0"))
                    .isEqualTo(skopeo.inspectRawDigest(source, "team/app:1.0.0"));
        }
    }

    @Test
    void secondRunCopiesNothingAndMakesNoManifestGetAtTheSource() throws Exception {
        Path mirror = mirrorFile("team/app", "again");
        syncOnce(mirror);
        int mark = source.accessLogMark();
        CliRun run = sync(mirror, "--output", "json");
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
    void aNewTagAndAMovedTagAreAllThatTheNextRunCopies() throws Exception {
        pushSourceImages("team/moving");   // a source repository of its own: this test changes it
        Path mirror = mirrorFile("team/moving", "moving");
        syncOnce(mirror);
        FixtureImages.pushMultiArchOciIndex(source, "team/moving", "3.0.0", 5);
        FixtureImages.copyTag(source, "team/moving", "1.0.0", "latest");
        CliRun run = sync(mirror);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("2 copied, 3 up to date, 0 failed")
                .contains("    anonymous pull: Denied (checking manifest " + tlsTarget.hostPort() + "/mirror/moving:")
                .contains("    anonymous pull: Allowed (tag ");
        assertThat(run.stderr()).contains("mirror/moving:3.0.0 copied").contains("mirror/moving:latest copied")
                .doesNotContain("mirror/moving:1.0.0 copied");
        assertThat(skopeo.inspectRawDigest(tokenTarget, "mirror/moving:latest"))
                .isEqualTo(skopeo.inspectRawDigest(source, "team/moving:1.0.0"));
    }

    @Test
    void credentialsNeverReachTheOutput() throws Exception {
        CliRun run = sync(mirrorFile("team/app", "credentials"), "--output", "json");
        assertThat(run.exitCode()).as("a run that used both logins: " + run.stderr()).isZero();
        assertThat(run.stdout() + run.stderr()).doesNotContain(PASSWORD).doesNotContain(TOKEN_PASSWORD)
                .doesNotContain(base64("alice:" + PASSWORD));
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
