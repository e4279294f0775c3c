package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.sync.OneLine;
import io.hagicode.imagemirror.sync.ReferrerOutcome;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a finished sync means for the Ready condition: a reason and a one-line message. The most actionable cause wins:
 * refused credentials before rate limits, both before the generic partial/total failure, because "fix your Secret" or
 * "you are being throttled" tells the user what to do and "3 tags failed" does not.
 */
public record SyncVerdict(ReadyReason reason, String message) {
    static final int MAX_ERROR_LENGTH = 240;
    private static final Set<RegistryErrorKind> MISSING = EnumSet.of(RegistryErrorKind.NAME_UNKNOWN,
            RegistryErrorKind.MANIFEST_UNKNOWN);

    public static SyncVerdict of(SyncReport report) {
        if (report.sourceError() != null) {
            return new SyncVerdict(sourceReason(report.sourceErrorKind()),
                    "cannot read the source " + report.source() + ": " + oneLine(report.sourceError()));
        }
        int targets = report.targets().size();
        int selected = report.selectedTags().size();
        long failed = 0;
        long inSync = 0;
        Set<RegistryErrorKind> kinds = EnumSet.noneOf(RegistryErrorKind.class);
        String first = null;
        for (TargetReport target : report.targets()) {
            for (TagOutcome tag : target.tags()) {
                if (tag.state() == TagState.FAILED) {
                    failed++;
                    if (tag.errorKind() != null) {
                        kinds.add(tag.errorKind());
                    }
                    if (first == null) {
                        first = target.repository() + ":" + tag.tag() + ": " + oneLine(tag.error());
                    }
                } else {
                    inSync++;
                }
            }
        }
        long referrersFailed = 0;
        String firstReferrer = null;
        for (TargetReport target : report.targets()) {
            for (ReferrerOutcome referrer : target.referrers()) {
                if (referrer.state() == TagState.FAILED) {
                    referrersFailed++;
                    if (referrer.errorKind() != null) {
                        kinds.add(referrer.errorKind());
                    }
                    if (firstReferrer == null) {
                        firstReferrer = target.repository() + " " + referrer.name() + ": " + oneLine(referrer.error());
                    }
                }
            }
        }
        if (failed == 0 && referrersFailed > 0) {
            // Every image is there, but a signature or SBOM is not: verification at the mirror would fail.
            return new SyncVerdict(failureReason(kinds, true), selected + plural(selected, " tag") + " in sync on "
                    + targets + plural(targets, " target") + ", but " + referrersFailed
                    + (referrersFailed == 1 ? " referrer copy" : " referrer copies") + " failed; first: " + firstReferrer);
        }
        if (failed == 0) {
            String message = selected == 0
                    ? "no tag of " + report.source() + " matches the filters; nothing to mirror"
                    : selected + plural(selected, " tag") + " in sync on " + targets + plural(targets, " target");
            return new SyncVerdict(ReadyReason.Synced, message);
        }
        ReadyReason reason = failureReason(kinds, inSync > 0);
        return new SyncVerdict(reason, failed + " of " + (failed + inSync) + " tag copies failed ("
                + selected + plural(selected, " tag") + " x " + targets + plural(targets, " target")
                + "); first: " + first);
    }

    private static ReadyReason failureReason(Set<RegistryErrorKind> kinds, boolean someInSync) {
        if (kinds.stream().anyMatch(RegistryErrorKind::isAuthFailure)) {
            return ReadyReason.AuthenticationFailed;
        }
        if (kinds.contains(RegistryErrorKind.TOO_MANY_REQUESTS)) {
            return ReadyReason.RateLimited;
        }
        return someInSync ? ReadyReason.PartiallySynced : ReadyReason.SyncFailed;
    }

    /** The engine itself failed (a bug or an environment fault), not a registry. */
    public static SyncVerdict crashed(String error) {
        return new SyncVerdict(ReadyReason.SyncFailed, "the sync stopped unexpectedly: " + oneLine(error));
    }

    private static ReadyReason sourceReason(RegistryErrorKind kind) {
        if (kind == null) {
            return ReadyReason.SyncFailed;
        }
        if (kind.isAuthFailure()) {
            return ReadyReason.AuthenticationFailed;
        }
        if (MISSING.contains(kind)) {
            return ReadyReason.SourceNotFound;
        }
        return kind == RegistryErrorKind.TOO_MANY_REQUESTS ? ReadyReason.RateLimited : ReadyReason.SyncFailed;
    }

    /** Error text as it goes into status: the engine's one-line rule, with the bound a condition message keeps. */
    static String oneLine(String text) {
        return OneLine.of(text, MAX_ERROR_LENGTH);
    }

    private static String plural(long n, String word) {
        return n == 1 ? word : word + "s";
    }
}
