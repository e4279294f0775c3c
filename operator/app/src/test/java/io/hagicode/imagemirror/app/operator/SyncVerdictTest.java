package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.ReferrerOutcome;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Ready reason a sync report gives. */
class SyncVerdictTest {
    private static final Repository SOURCE = Repository.parse("docker.io/team/app");
    private static final Repository ACR = Repository.parse("hagicode.azurecr.io/hagicode");
    private static final Repository ALIYUN = Repository.parse("registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode");

    @Test
    void everyTagInSyncIsSynced() {
        SyncVerdict verdict = SyncVerdict.of(report(List.of(ok("1.0"), ok("2.0")), List.of(ok("1.0"), ok("2.0"))));

        assertThat(verdict).isEqualTo(new SyncVerdict(ReadyReason.Synced, "2 tags in sync on 2 targets"));
    }

    @Test
    void noSelectedTagIsSyncedAndSaysSo() {
        assertThat(SyncVerdict.of(report(List.of(), List.of())).message())
                .isEqualTo("no tag of docker.io/team/app matches the filters; nothing to mirror");
    }

    @Test
    void someFailuresArePartiallySynced() {
        SyncVerdict verdict = SyncVerdict.of(report(List.of(ok("1.0"), failed("2.0", RegistryErrorKind.SERVER_ERROR)),
                List.of(ok("1.0"), ok("2.0"))));

        assertThat(verdict.reason()).isEqualTo(ReadyReason.PartiallySynced);
        assertThat(verdict.message()).isEqualTo("1 of 4 tag copies failed (2 tags x 2 targets); first: "
                + "hagicode.azurecr.io/hagicode:2.0: server_error on 2.0");
    }

    @Test
    void onlyFailuresAreSyncFailed() {
        assertThat(SyncVerdict.of(report(List.of(failed("1.0", RegistryErrorKind.NETWORK)),
                List.of(failed("1.0", RegistryErrorKind.NETWORK)))).reason()).isEqualTo(ReadyReason.SyncFailed);
    }

    @Test
    void refusedCredentialsWinOverOtherFailures() {
        assertThat(SyncVerdict.of(report(List.of(ok("1.0"), failed("2.0", RegistryErrorKind.TOO_MANY_REQUESTS)),
                List.of(failed("1.0", RegistryErrorKind.UNAUTHORIZED), ok("2.0")))).reason())
                .isEqualTo(ReadyReason.AuthenticationFailed);
        assertThat(SyncVerdict.of(report(List.of(ok("1.0"), failed("2.0", RegistryErrorKind.TOO_MANY_REQUESTS)),
                List.of(ok("1.0"), ok("2.0")))).reason()).isEqualTo(ReadyReason.RateLimited);
    }

    @Test
    void anUnreadableSourceIsClassifiedByItsError() {
        assertThat(sourceFailure(RegistryErrorKind.NAME_UNKNOWN).reason()).isEqualTo(ReadyReason.SourceNotFound);
        assertThat(sourceFailure(RegistryErrorKind.UNAUTHORIZED).reason()).isEqualTo(ReadyReason.AuthenticationFailed);
        assertThat(sourceFailure(RegistryErrorKind.TOO_MANY_REQUESTS).reason()).isEqualTo(ReadyReason.RateLimited);
        assertThat(sourceFailure(RegistryErrorKind.NETWORK).reason()).isEqualTo(ReadyReason.SyncFailed);
        assertThat(sourceFailure(RegistryErrorKind.NETWORK).message())
                .isEqualTo("cannot read the source docker.io/team/app: listing tags: boom");
    }

    @Test
    void errorTextsBecomeOneBoundedLine() {
        String long_ = "x".repeat(1000);

        assertThat(SyncVerdict.oneLine("first\n  second\tthird")).isEqualTo("first second third");
        assertThat(SyncVerdict.oneLine(long_)).hasSize(SyncVerdict.MAX_ERROR_LENGTH).endsWith("...");
        assertThat(SyncVerdict.oneLine(null)).isEqualTo("(no detail)");
        assertThat(SyncVerdict.crashed("NullPointerException").message())
                .isEqualTo("the sync stopped unexpectedly: NullPointerException");
    }

    private static SyncVerdict sourceFailure(RegistryErrorKind kind) {
        return SyncVerdict.of(new SyncReport("team/app", SOURCE, List.of(),
                List.of(new TargetReport(ACR, List.of())), SyncTotals.ZERO, "listing tags: boom", kind));
    }

    @Test
    void aFailedReferrerWithEveryTagInSyncIsPartiallySyncedAndNamesIt() {
        SyncReport base = report(List.of(ok("1.0")), List.of(ok("1.0")));
        ReferrerOutcome sig = new ReferrerOutcome("sha256:" + "a".repeat(64), "sha256-" + "a".repeat(64) + ".sig",
                TagState.FAILED, null, "blob sha256:" + "b".repeat(64) + " corrupt", RegistryErrorKind.DIGEST_MISMATCH);
        SyncReport withReferrer = new SyncReport(base.mirror(), base.source(), base.selectedTags(),
                List.of(base.targets().get(0).withReferrers(List.of(sig)), base.targets().get(1)), base.totals(),
                null, null);

        SyncVerdict verdict = SyncVerdict.of(withReferrer);

        assertThat(withReferrer.succeeded()).isFalse();
        assertThat(verdict.reason()).isEqualTo(ReadyReason.PartiallySynced);
        assertThat(verdict.message()).isEqualTo("1 tag in sync on 2 targets, but 1 referrer copy failed; first: "
                + "hagicode.azurecr.io/hagicode sha256-" + "a".repeat(64) + ".sig: blob sha256:" + "b".repeat(64)
                + " corrupt");
    }

    private static SyncReport report(List<TagOutcome> acr, List<TagOutcome> aliyun) {
        List<String> tags = acr.stream().map(TagOutcome::tag).toList();
        return new SyncReport("team/app", SOURCE, tags,
                List.of(new TargetReport(ACR, acr), new TargetReport(ALIYUN, aliyun)), SyncTotals.ZERO, null, null);
    }

    private static TagOutcome ok(String tag) {
        return TagOutcome.of(tag, TagState.COPIED, "sha256:" + "a".repeat(64));
    }

    private static TagOutcome failed(String tag, RegistryErrorKind kind) {
        return TagOutcome.failed(tag, null, kind.name().toLowerCase() + " on " + tag, kind);
    }
}
