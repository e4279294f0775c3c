package io.hagicode.imagemirror.app.cli;

import io.hagicode.imagemirror.app.Bytes;
import io.hagicode.imagemirror.sync.AnonymousPull;
import io.hagicode.imagemirror.sync.AnonymousPullCheck;
import io.hagicode.imagemirror.sync.ReferrerOutcome;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import java.io.PrintStream;

/** The closing lines of a text-mode run: per target what happened and whether the public can pull, then the counters. */
final class TextSummary {
    private TextSummary() {
    }

    static void print(PrintStream out, SyncReport report, boolean dryRun) {
        if (report.sourceError() != null) {
            out.printf("%s: FAILED to read the source %s: %s%n", report.mirror(), report.source(), report.sourceError());
            return;
        }
        for (TargetReport target : report.targets()) {
            if (dryRun) {
                out.printf("%s -> %s: %d to copy, %d up to date%n", report.mirror(), target.repository(),
                        target.count(TagState.PLANNED), target.count(TagState.UP_TO_DATE));
                target.tags().stream().filter(t -> t.state() == TagState.PLANNED)
                        .forEach(t -> out.printf("    would copy %s (%s)%n", t.tag(), Sizes.shortDigest(t.digest())));
            } else {
                out.printf("%s -> %s: %d copied, %d up to date, %d failed%n", report.mirror(), target.repository(),
                        target.count(TagState.COPIED), target.count(TagState.UP_TO_DATE), target.count(TagState.FAILED));
            }
            target.tags().stream().filter(t -> t.state() == TagState.FAILED)
                    .forEach(t -> out.printf("    failed %s: %s%n", t.tag(), t.error()));
            if (!target.referrers().isEmpty()) {
                // Signatures, attestations and SBOMs are not tags: counted on a line of their own.
                out.printf("    referrers: %d %s, %d up to date, %d failed%n",
                        target.countReferrers(dryRun ? TagState.PLANNED : TagState.COPIED),
                        dryRun ? "to copy" : "copied",
                        target.countReferrers(TagState.UP_TO_DATE), target.countReferrers(TagState.FAILED));
                target.referrers().stream().filter(r -> r.state() == TagState.PLANNED)
                        .forEach(r -> out.printf("    would copy referrer %s%s of %s: %s%n", r.name(),
                                r.artifactType() == null ? "" : " (" + r.artifactType() + ")",
                                subject(target, r), r.reason()));
                target.referrers().stream().filter(r -> r.state() == TagState.FAILED)
                        .forEach(r -> out.printf("    failed referrer %s of %s: %s%n", r.name(),
                                Sizes.shortDigest(r.subject()), r.error()));
            }
            out.printf("    anonymous pull: %s%n", anonymousPull(target.anonymousPull()));
        }
        var t = report.totals();
        if (dryRun && t.referrersPlanned() > 0) {
            out.printf("%s: %d referrers would be copied%n", report.mirror(), t.referrersPlanned());
        }
        if (!dryRun) {
            out.printf("%s: blobs %d copied, %d mounted, %d already there; %s copied (%s read from the source) in %.1f s%n",
                    report.mirror(), t.blobsCopied(), t.blobsMounted(), t.blobsSkipped(), Bytes.human(t.bytesCopied()),
                    Bytes.human(t.sourceBytesRead()), t.duration().toMillis() / 1000.0);
            if (t.referrersCopied() > 0) {
                out.printf("%s: %d referrers copied%n", report.mirror(), t.referrersCopied());
            }
        }
    }

    /** The subject as a reader knows it: a tag of this target, else the referrer it is, else its digest. */
    private static String subject(TargetReport target, ReferrerOutcome referrer) {
        String digest = referrer.subject();
        String shortDigest = Sizes.shortDigest(digest);
        return target.tags().stream().filter(t -> digest.equals(t.digest()))
                .map(t -> t.tag() + " (" + shortDigest + ")").findFirst()
                .or(() -> target.referrers().stream().filter(r -> digest.equals(r.digest()))
                        .map(r -> "referrer " + r.name()).findFirst())
                .orElse(shortDigest);
    }

    private static String anonymousPull(AnonymousPullCheck check) {
        if (check.result() == AnonymousPull.ALLOWED) {
            return check.result().json() + " (tag " + check.tag() + ")";
        }
        return check.result().json() + " (" + check.detail() + ")";
    }
}
