package io.hagicode.imagemirror.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.ReferrerOutcome;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Referrers in the CLI's text summary and JSON report: counted apart from the tags, failures with their reason. */
class ReferrerSummaryTest {
    private static final String SUBJECT = "sha256:" + "a".repeat(64);
    private static final String SIG = "sha256-" + "a".repeat(64) + ".sig";

    private static SyncReport report() {
        TargetReport target = new TargetReport(Repository.parse("mirror.example.com/team/app"),
                List.of(TagOutcome.of("1.0", TagState.UP_TO_DATE, SUBJECT)), 0).withReferrers(List.of(
                new ReferrerOutcome(SUBJECT, SIG, TagState.COPIED, "sha256:" + "c".repeat(64), null, null),
                new ReferrerOutcome(SUBJECT, "sha256-" + "a".repeat(64), TagState.FAILED, null,
                        "blob sha256:" + "d".repeat(64) + " does not match its digest",
                        RegistryErrorKind.DIGEST_MISMATCH)));
        return new SyncReport("team/app", Repository.parse("docker.io/team/app"), List.of("1.0"), List.of(target),
                new SyncTotals(2, 0, 0, 300, 300, 2, Duration.ofMillis(1500), 1), null, null);
    }

    @Test
    void theTextSummaryCountsReferrersOnALineOfTheirOwn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TextSummary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), report(), false);
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertThat(text).contains("team/app -> mirror.example.com/team/app: 0 copied, 1 up to date, 0 failed")
                .contains("    referrers: 1 copied, 0 up to date, 1 failed")
                .contains("    failed referrer sha256-" + "a".repeat(64) + " of ")
                .contains("does not match its digest")
                .contains("team/app: 1 referrers copied");
    }

    /** A dry run's report: the tag and its signature would be copied, and a signature of that signature too. */
    private static SyncReport plan() {
        String sigDigest = "sha256:" + "c".repeat(64);
        String nested = "sha256-" + "c".repeat(64) + ".sig";
        TargetReport target = new TargetReport(Repository.parse("mirror.example.com/team/app"),
                List.of(TagOutcome.of("1.0", TagState.PLANNED, SUBJECT)), 0).withReferrers(List.of(
                new ReferrerOutcome(SUBJECT, SIG, TagState.PLANNED, sigDigest, null, null,
                        "application/vnd.dev.cosign.simplesigning.v1+json", "not on the target"),
                new ReferrerOutcome(sigDigest, nested, TagState.PLANNED, "sha256:" + "e".repeat(64), null, null,
                        null, "another digest on the target")));
        return new SyncReport("team/app", Repository.parse("docker.io/team/app"), List.of("1.0"), List.of(target),
                new SyncTotals(0, 0, 0, 0, 0, 0, Duration.ofMillis(300), 0, 2), null, null);
    }

    @Test
    void aDryRunSaysWhichReferrersItWouldCopyOfWhichSubjectAndWhy() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TextSummary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), plan(), true);
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertThat(text).contains("team/app -> mirror.example.com/team/app: 1 to copy, 0 up to date")
                .contains("    referrers: 2 to copy, 0 up to date, 0 failed")
                .contains("    would copy referrer " + SIG + " (application/vnd.dev.cosign.simplesigning.v1+json)"
                        + " of 1.0 (" + SUBJECT.substring(0, 19) + "): not on the target")
                .contains("    would copy referrer sha256-" + "c".repeat(64) + ".sig of referrer " + SIG
                        + ": another digest on the target")
                .contains("team/app: 2 referrers would be copied");

        String json = JsonReport.render(true, true, List.of(JsonReport.mirror("m.yaml", plan())), 0.3);
        JsonNode doc = new ObjectMapper().readTree(json);
        JsonNode sig = doc.path("mirrors").path(0).path("targets").path(0).path("referrers").path(0);
        assertThat(sig.path("state").asText()).isEqualTo("planned");
        assertThat(sig.path("artifactType").asText()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
        assertThat(sig.path("reason").asText()).isEqualTo("not on the target");
        assertThat(doc.path("totals").path("referrersPlanned").asLong()).isEqualTo(2);
        assertThat(doc.path("totals").path("referrersCopied").asLong()).isZero();
    }

    @Test
    void theJsonReportListsReferrersApartFromTagsWithTheirKind() throws Exception {
        String json = JsonReport.render(false, false, List.of(JsonReport.mirror("m.yaml", report())), 1.5);
        JsonNode target = new ObjectMapper().readTree(json).path("mirrors").path(0).path("targets").path(0);

        assertThat(target.path("tags")).hasSize(1);
        assertThat(target.path("referrers")).hasSize(2);
        assertThat(target.path("referrers").path(0).path("kind").asText()).isEqualTo("referrer");
        assertThat(target.path("referrers").path(0).path("name").asText()).isEqualTo(SIG);
        assertThat(target.path("referrers").path(1).path("state").asText()).isEqualTo("failed");
        assertThat(new ObjectMapper().readTree(json).path("totals").path("referrersCopied").asLong()).isEqualTo(1);
    }
}
