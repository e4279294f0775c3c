package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.app.job.CredentialsException;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The printer columns as a user reads them: the table {@code kubectl get imagemirrors} and {@code -o wide} would print
 * for three mirrors in typical states, rendered from the committed CRD's additionalPrinterColumns and statuses the
 * operator builds. The tables are printed to the test output.
 */
class PrinterColumnsTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:05:00Z");
    private static final Instant LAST_SYNC = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void kubectlGetShowsHealthAtAGlance() throws Exception {
        List<JsonNode> mirrors = List.of(synced(), missingSecret(), suspended());

        String table = PrinterTable.render(OperatorHarness.crd(), mirrors, false, NOW);
        String wide = PrinterTable.render(OperatorHarness.crd(), mirrors, true, NOW);
        System.out.println("$ kubectl get imagemirrors\n" + table + "\n$ kubectl get imagemirrors -o wide\n" + wide);

        assertThat(cells(table)).containsExactly(
                List.of("NAME", "SOURCE", "TARGETS", "TAGS", "READY", "REASON", "LAST SYNC", "AGE"),
                List.of("hagicode", "docker.io/newbe36524/hagicode", "2", "3", "True", "Synced", "5m", "3d"),
                List.of("nginx", "docker.io/library/nginx", "1", "<none>", "False", "CredentialsNotFound", "<none>", "3d"),
                List.of("legacy", "quay.io/team/legacy", "1", "<none>", "False", "Suspended", "<none>", "3d"));
        assertThat(cells(wide).get(0)).containsExactly("NAME", "SOURCE", "TARGETS", "TAGS", "READY", "REASON",
                "LAST SYNC", "NEXT SYNC", "AGE");
        // The next sync is in the future: kubectl shows a date column's future value as "<invalid>", so it must be a
        // column of another type to read well.
        assertThat(cells(wide).get(1).get(7)).isEqualTo("2025-03-02T00:00:00Z");
        assertThat(cells(wide).get(3).get(7)).isEqualTo("<none>");
    }

    @Test
    void durationsReadLikeKubectls() {
        assertThat(PrinterTable.humanDuration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(PrinterTable.humanDuration(Duration.ofSeconds(5 * 60 + 7))).isEqualTo("5m7s");
        assertThat(PrinterTable.humanDuration(Duration.ofMinutes(95))).isEqualTo("95m");
        assertThat(PrinterTable.humanDuration(Duration.ofMinutes(5 * 60 + 30))).isEqualTo("5h30m");
        assertThat(PrinterTable.humanDuration(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(PrinterTable.humanDuration(Duration.ofHours(3 * 24 + 4))).isEqualTo("3d4h");
        assertThat(PrinterTable.humanDuration(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(PrinterTable.humanDuration(Duration.ofHours(-2))).isEqualTo("<invalid>");
    }

    private static List<List<String>> cells(String table) {
        return Arrays.stream(table.split("\n")).map(line -> List.of(line.split("\\s{3,}"))).toList();
    }

    private static JsonNode synced() throws Exception {
        ImageMirror mirror = Mirrors.mirror("team", "hagicode", Mirrors.repo("docker.io/newbe36524/hagicode"),
                Mirrors.repo("hagicode.azurecr.io/hagicode", "acr"),
                Mirrors.repo("registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode", "aliyun"));
        ValidatedSpec spec = validate(mirror.getSpec());
        List<TargetReport> targets = spec.targets().stream().map(t -> new TargetReport(t,
                IntStream.range(0, 3).mapToObj(i -> TagOutcome.of("1." + i + ".0", TagState.UP_TO_DATE,
                        "sha256:" + "d".repeat(64))).toList())).toList();
        SyncReport report = new SyncReport("team/hagicode", spec.source(), List.of("1.0.0", "1.1.0", "1.2.0"), targets,
                SyncTotals.ZERO, null, null);
        StatusBuilder status = new StatusBuilder(null, LAST_SYNC);
        status.targetCount(2);
        status.syncStarted(1, Optional.empty(), Optional.of(Instant.parse("2025-03-02T00:00:00Z")),
                SyncScheduler.Trigger.FIRST, Optional.empty());
        status.completed(new SyncCompletion(MirrorRef.of(mirror), 1, LAST_SYNC.minusSeconds(20),
                LAST_SYNC, Optional.of(report), SyncVerdict.of(report)), spec);
        mirror.setStatus(status.build());
        return json(mirror);
    }

    private static JsonNode missingSecret() throws Exception {
        ImageMirror mirror = Mirrors.mirror("team", "nginx", Mirrors.repo("docker.io/library/nginx", "hub"),
                Mirrors.repo("registry.example.com/mirror/nginx"));
        StatusBuilder status = new StatusBuilder(null, LAST_SYNC);
        status.targetCount(1);
        status.credentialsProblem(1, Optional.empty(), new SyncVerdict(ReadyReason.CredentialsNotFound,
                new CredentialsException(CredentialsException.Reason.NOT_FOUND,
                        "spec.source.credentialsSecretRef: Secret team/hub not found").getMessage()), Optional.empty());
        mirror.setStatus(status.build());
        return json(mirror);
    }

    private static JsonNode suspended() throws Exception {
        ImageMirror mirror = Mirrors.mirror("team", "legacy", Mirrors.repo("quay.io/team/legacy"),
                Mirrors.repo("registry.example.com/mirror/legacy"));
        StatusBuilder status = new StatusBuilder(null, LAST_SYNC);
        status.targetCount(1);
        status.suspended(1);
        mirror.setStatus(status.build());
        return json(mirror);
    }

    private static ValidatedSpec validate(ImageMirrorSpec spec) throws InvalidSpecException {
        return SpecValidator.validate(spec);
    }

    private static JsonNode json(ImageMirror mirror) throws Exception {
        mirror.getMetadata().setCreationTimestamp("2025-02-26T10:00:00Z");
        return new ObjectMapper().readTree(Serialization.asJson(mirror));
    }
}
