package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.sync.AnonymousPullCheck;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TargetReport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The status as written reads back as the typed verdicts that wrote it; unknown text reads as nothing. */
class RecordedStatusTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void aRecordedSyncReadsBackAsItsVerdicts() throws InvalidSpecException {
        ImageMirrorSpec raw = new ImageMirrorSpec();
        raw.setSource(new RepositorySpec("docker.io/team/app", null, false));
        RepositorySpec target = new RepositorySpec("hagicode.azurecr.io/app", null, false);
        target.setPublic(true);
        raw.setTargets(List.of(target));
        ValidatedSpec spec = SpecValidator.validate(raw);
        SyncReport report = new SyncReport("team/app", spec.source(), List.of("1.0"),
                List.of(new TargetReport(spec.targets().get(0),
                        List.of(TagOutcome.failed("1.0", null, "unauthorized: push", RegistryErrorKind.UNAUTHORIZED)),
                        0, AnonymousPullCheck.denied("1.0", "registry answered HTTP 401"))),
                SyncTotals.ZERO, null, null);
        SyncVerdict verdict = SyncVerdict.of(report);
        StatusBuilder builder = new StatusBuilder(null, T0);
        builder.syncStarted(3, Optional.of("req"), Optional.of(T0.plusSeconds(3600)), SyncScheduler.Trigger.FIRST,
                Optional.of("00ff00ff00ff00ff"));
        builder.completed(new SyncCompletion(new MirrorRef("team", "app", "uid"), 3, T0, T0, Optional.of(report),
                verdict), spec);

        RecordedStatus recorded = RecordedStatus.of(builder.build());

        assertThat(recorded.ready()).contains(verdict);
        assertThat(recorded.readyReason()).contains(ReadyReason.AuthenticationFailed);
        assertThat(recorded.publicPull()).hasValueSatisfying(v -> {
            assertThat(v.reason()).isEqualTo(PublicPullVerdict.Reason.AnonymousPullDenied);
            assertThat(v.denied()).isTrue();
        });
        assertThat(recorded.publicPull()).isEqualTo(PublicPullVerdict.of(spec, report));
        assertThat(recorded.observedGeneration()).contains(3L);
        assertThat(recorded.lastHandledRequestedAt()).contains("req");
        assertThat(recorded.syncing()).isFalse();
        assertThat(recorded.nextSyncTime()).contains(T0.plusSeconds(3600));
        assertThat(recorded.secretsVersion()).contains("00ff00ff00ff00ff");
    }

    @Test
    void aReasonThisOperatorDoesNotKnowReadsAsNoVerdict() {
        ImageMirrorStatus status = new ImageMirrorStatus();
        ConditionSet conditions = new ConditionSet(List.of());
        conditions.put(ConditionSet.READY, false, "SomethingANewerOperatorSays", "?", 1L, T0);
        conditions.put(ConditionSet.PUBLIC_PULL, ConditionSet.UNKNOWN, "AnonymousPullSomehow", "?", 1L, T0);
        conditions.put(ConditionSet.SYNCING, true, StatusBuilder.SYNCING_IN_PROGRESS, "1/2", 1L, T0);
        status.setConditions(conditions.toList());

        RecordedStatus recorded = RecordedStatus.of(status);

        assertThat(recorded.ready()).isEmpty();
        assertThat(recorded.publicPull()).isEmpty();
        assertThat(recorded.syncing()).isTrue();
    }

    @Test
    void noStatusAtAllReadsAsNeverSynced() {
        RecordedStatus recorded = RecordedStatus.of(null);

        assertThat(recorded).isEqualTo(new RecordedStatus(Optional.empty(), Optional.empty(), false, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
    }
}
