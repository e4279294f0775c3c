package io.hagicode.imagemirror.app.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TargetReport;
import io.hagicode.imagemirror.sync.TagOutcome;
import java.util.List;

/**
 * The one document {@code sync --output json} prints on stdout. Its schema is documented in docs/cli.md; fields are
 * only ever added, never renamed.
 */
final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Document(boolean dryRun, boolean succeeded, List<Mirror> mirrors, Totals totals) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Mirror(String name, String file, String source, List<String> selectedTags, String sourceError,
                  List<Target> targets, Totals totals) {
    }

    record Target(String repository, long bytesCopied, List<Tag> tags, String anonymousPull,
                  String anonymousPullDetail, List<Referrer> referrers) {
    }

    record Tag(String tag, String state, String digest, String error) {
    }

    /**
     * A signature, attestation, SBOM or fallback index that travelled (or in a dry run would travel) with a tag; never
     * one of the tags.
     */
    record Referrer(String kind, String subject, String name, String state, String digest, String error,
                    String artifactType, String reason) {
    }

    record Totals(long blobsCopied, long blobsSkipped, long blobsMounted, long bytesCopied, long sourceBytesRead,
                  double durationSeconds, long referrersCopied, long referrersPlanned) {
        static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0);

        static Totals of(SyncTotals t) {
            return new Totals(t.blobsCopied(), t.blobsSkipped(), t.blobsMounted(), t.bytesCopied(), t.sourceBytesRead(),
                    t.duration().toMillis() / 1000.0, t.referrersCopied(), t.referrersPlanned());
        }

        Totals plus(Totals o) {
            return new Totals(blobsCopied + o.blobsCopied, blobsSkipped + o.blobsSkipped, blobsMounted + o.blobsMounted,
                    bytesCopied + o.bytesCopied, sourceBytesRead + o.sourceBytesRead,
                    durationSeconds + o.durationSeconds, referrersCopied + o.referrersCopied,
                    referrersPlanned + o.referrersPlanned);
        }

        Totals withDuration(double seconds) {
            return new Totals(blobsCopied, blobsSkipped, blobsMounted, bytesCopied, sourceBytesRead, seconds,
                    referrersCopied, referrersPlanned);
        }
    }

    private JsonReport() {
    }

    static Mirror mirror(String file, SyncReport report) {
        List<Target> targets = report.targets().stream().map(JsonReport::target).toList();
        return new Mirror(report.mirror(), file, report.source().toString(), report.selectedTags(),
                report.sourceError(), targets, Totals.of(report.totals()));
    }

    private static Target target(TargetReport target) {
        return new Target(target.repository().toString(), target.bytesCopied(),
                target.tags().stream().map(JsonReport::tag).toList(), target.anonymousPull().result().json(),
                target.anonymousPull().detail(), target.referrers().stream().map(r -> new Referrer(r.kind(),
                        r.subject(), r.name(), r.state().json(), r.digest(), r.error(), r.artifactType(), r.reason()))
                        .toList());
    }

    private static Tag tag(TagOutcome outcome) {
        return new Tag(outcome.tag(), outcome.state().json(), outcome.digest(), outcome.error());
    }

    /** Wall time of the whole run, not the sum of the mirrors', for the top-level durationSeconds. */
    static String render(boolean dryRun, boolean succeeded, List<Mirror> mirrors, double wallSeconds) {
        Totals totals = mirrors.stream().map(Mirror::totals).reduce(Totals.ZERO, Totals::plus)
                .withDuration(wallSeconds);
        try {
            return JSON.writeValueAsString(new Document(dryRun, succeeded, mirrors, totals));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render the report", e);
        }
    }
}
