package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.hagicode.imagemirror.api.FieldLimits;
import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SpecProblem;
import io.hagicode.imagemirror.api.TargetStatus;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Condition transitions and the fields a finished sync writes. */
class StatusBuilderTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-03-01T11:00:00Z");
    private static final MirrorRef MIRROR = new MirrorRef("team", "app", "uid-1");

    @Test
    void lastTransitionTimeMovesOnlyWhenTheStatusFlips() {
        ConditionSet conditions = new ConditionSet(List.of());
        conditions.put(ConditionSet.READY, false, "CredentialsNotFound", "no Secret", 1L, T0);
        conditions.put(ConditionSet.READY, false, "InvalidCredentials", "bad Secret", 2L, T1);
        Condition stillFalse = conditions.get(ConditionSet.READY).orElseThrow();
        conditions.put(ConditionSet.READY, true, "Synced", "ok", 2L, T1.plusSeconds(60));
        Condition nowTrue = conditions.get(ConditionSet.READY).orElseThrow();

        assertThat(stillFalse.getLastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(stillFalse.getReason()).isEqualTo("InvalidCredentials");
        assertThat(stillFalse.getObservedGeneration()).isEqualTo(2L);
        assertThat(nowTrue.getLastTransitionTime()).isEqualTo("2025-03-01T11:01:00Z");
    }

    @Test
    void aMessageLongerThanTheCrdAllowsIsCutToFit() {
        ConditionSet conditions = new ConditionSet(List.of());
        conditions.put(ConditionSet.READY, false, "InvalidSpec", "x".repeat(40_000), 1L, T0);
        conditions.put(ConditionSet.SYNCING, false, "Idle", "\uD83C\uDF0D".repeat(32_768), 1L, T0);

        String cut = conditions.get(ConditionSet.READY).orElseThrow().getMessage();
        assertThat(cut).hasSize(FieldLimits.CONDITION_MESSAGE_LENGTH).startsWith("xxx")
                .endsWith(" ... (cut to 32768 characters)");
        String globes = conditions.get(ConditionSet.SYNCING).orElseThrow().getMessage();
        assertThat(globes).as("counted in characters, not UTF-16 units").hasSize(65_536);
    }

    @Test
    void anIdenticalSyncLeavesTheStatusEqualSoNothingIsPatched() {
        ValidatedSpec spec = spec();
        StatusBuilder first = new StatusBuilder(null, T0);
        first.syncStarted(1, Optional.empty(), Optional.of(T1), SyncScheduler.Trigger.FIRST, Optional.empty());
        first.completed(completion(spec, T0, TagState.UP_TO_DATE), spec);
        ImageMirrorStatus recorded = first.build();

        StatusBuilder again = new StatusBuilder(recorded, T0.plusSeconds(5));
        again.nextSyncTime(Optional.of(T1));

        assertThat(again.build()).isEqualTo(recorded);
    }

    @Test
    void aStartedSyncAwaitsItsCompletionAndACompletedOneDoesNot() {
        ValidatedSpec spec = spec();
        StatusBuilder builder = new StatusBuilder(new ImageMirrorStatus(), T0);
        builder.syncStarted(4, Optional.of("req-1"), Optional.of(T1), SyncScheduler.Trigger.REQUESTED,
                Optional.of("0123456789abcdef"));
        ImageMirrorStatus started = builder.build();

        assertThat(builder.awaitsCompletion()).isTrue();
        assertThat(builder.completion()).isEmpty();
        assertThat(started.getObservedGeneration()).isEqualTo(4L);
        assertThat(started.getLastHandledRequestedAt()).isEqualTo("req-1");
        assertThat(started.getSecretsVersion()).as("the Secrets the sync reads").isEqualTo("0123456789abcdef");
        assertThat(started.getNextSyncTime()).isEqualTo("2025-03-01T11:00:00Z");
        assertThat(OperatorHarness.condition(started, ConditionSet.SYNCING).orElseThrow().getReason())
                .isEqualTo(StatusBuilder.SYNCING_QUEUED);

        SyncCompletion completion = completion(spec, T0.plusSeconds(90), TagState.COPIED);
        builder.completed(completion, spec);
        ImageMirrorStatus done = builder.build();
        assertThat(builder.awaitsCompletion()).isFalse();
        assertThat(builder.completion()).containsSame(completion);
        assertThat(done.getSecretsVersion()).as("kept with the verdict").isEqualTo("0123456789abcdef");
        assertThat(done.getLastSyncTime()).isEqualTo("2025-03-01T10:01:30Z");
        assertThat(done.getLastSuccessfulSyncTime()).isEqualTo("2025-03-01T10:01:30Z");
        assertThat(done.getSelectedTags()).isEqualTo(2);
        assertThat(done.getLastSync().getTagsCopied()).isEqualTo(2);
        assertThat(done.getLastSync().getBytesCopied()).isEqualTo(4096L);
        assertThat(done.getLastSync().getDurationSeconds()).isEqualTo(1.5);
        assertThat(done.getTargets()).singleElement().satisfies(t -> {
            assertThat(t.getRepository()).isEqualTo("registry.example.com/mirror/app");
            assertThat(t.getPullReference()).isEqualTo("registry.example.com/mirror/app:v1.10.0");
            assertThat(t.getTagsInSync()).isEqualTo(2);
            assertThat(t.getInsecure()).isTrue();
        });
    }

    @Test
    void failedTagsAreBoundedInTheStatus() {
        ValidatedSpec spec = spec();
        List<TagOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            outcomes.add(TagOutcome.failed("t" + i, null, "denied\nline two", RegistryErrorKind.DENIED));
        }
        SyncReport report = new SyncReport("team/app", spec.source(), outcomes.stream().map(TagOutcome::tag).toList(),
                List.of(new TargetReport(spec.targets().get(0), outcomes)), SyncTotals.ZERO, null, null);
        StatusBuilder builder = new StatusBuilder(null, T0);
        builder.completed(new SyncCompletion(MIRROR, 1, T0, T0, Optional.of(report),
                SyncVerdict.of(report)), spec);

        TargetStatus target = builder.build().getTargets().get(0);
        assertThat(target.getTagsFailed()).isEqualTo(25);
        assertThat(target.getFailedTags()).hasSize(TargetStatus.MAX_FAILED_TAGS)
                .first().isEqualTo(new TargetStatus.FailedTag("t0", "denied line two"));
        assertThat(target.getPullReference()).isEqualTo("registry.example.com/mirror/app");
        assertThat(OperatorHarness.ready(builder.build()).orElseThrow().getReason()).isEqualTo("AuthenticationFailed");
    }

    @Test
    void anInvalidSpecNamesTheFieldAndClearsTheNextSync() {
        ImageMirrorStatus current = new ImageMirrorStatus();
        current.setNextSyncTime("2025-03-02T00:00:00Z");
        StatusBuilder builder = new StatusBuilder(current, T0);

        builder.invalidSpec(3, new InvalidSpecException(List.of(
                new SpecProblem("spec.schedule", "every day", "invalid cron expression"))));

        ImageMirrorStatus status = builder.build();
        Condition ready = OperatorHarness.ready(status).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        assertThat(ready.getMessage()).isEqualTo("spec.schedule = 'every day': invalid cron expression");
        assertThat(ready.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getNextSyncTime()).isNull();
        assertThat(current.getNextSyncTime()).as("the status read is not modified").isNotNull();
    }

    @Test
    void aSecretProblemIsRecordedAsAVerdictWithTheSecretsAsRead() {
        StatusBuilder builder = new StatusBuilder(null, T0);

        builder.credentialsProblem(2, Optional.of("req-7"), new SyncVerdict(ReadyReason.CredentialsNotFound,
                "spec.source.credentialsSecretRef: Secret team/hub not found"), Optional.of("fedcba9876543210"));

        ImageMirrorStatus status = builder.build();
        assertThat(builder.recorded().ready()).contains(new SyncVerdict(ReadyReason.CredentialsNotFound,
                "spec.source.credentialsSecretRef: Secret team/hub not found"));
        assertThat(OperatorHarness.ready(status).orElseThrow().getStatus()).isEqualTo("False");
        assertThat(status.getObservedGeneration()).isEqualTo(2L);
        assertThat(status.getLastHandledRequestedAt()).isEqualTo("req-7");
        assertThat(status.getSecretsVersion()).isEqualTo("fedcba9876543210");
        assertThat(builder.awaitsCompletion()).isFalse();
    }

    @Test
    void aTargetedSyncRecordsPropagationAndKeepsTheFullSyncsCountsAcrossTheNextFullSync() {
        ValidatedSpec spec = spec();
        StatusBuilder full = new StatusBuilder(null, T0);
        full.completed(completion(spec, T0, TagState.COPIED), spec);
        Instant finished = T0.plusSeconds(60);
        SyncReport report = new SyncReport("team/app", spec.source(), List.of("v1.11.0"),
                List.of(new TargetReport(spec.targets().get(0), List.of(TagOutcome.of("v1.11.0", TagState.COPIED,
                        "sha256:" + "3".repeat(64))))), SyncTotals.ZERO, null, null);
        StatusBuilder targeted = new StatusBuilder(full.build(), finished);

        targeted.completed(new SyncCompletion(MIRROR, 1, finished.minusSeconds(1), finished, Optional.of(report),
                SyncVerdict.of(report), Map.of("v1.11.0", finished.minusMillis(2_340))), spec);

        ImageMirrorStatus afterPush = targeted.build();
        assertThat(afterPush.getTargets()).singleElement().satisfies(t -> {
            assertThat(t.getLastPropagationSeconds()).isEqualTo(2.3);
            assertThat(t.getTagsInSync()).as("the full sync's count").isEqualTo(2);
        });
        assertThat(afterPush.getSelectedTags()).isEqualTo(2);
        assertThat(afterPush.getLastSyncTime()).isEqualTo("2025-03-01T10:01:00Z");
        assertThat(afterPush.getLastSuccessfulSyncTime()).as("a targeted sync proves nothing of the other tags")
                .isEqualTo(full.build().getLastSuccessfulSyncTime());
        StatusBuilder nextFull = new StatusBuilder(afterPush, finished.plusSeconds(60));
        nextFull.completed(completion(spec, finished.plusSeconds(60), TagState.UP_TO_DATE), spec);
        assertThat(nextFull.build().getTargets().get(0).getLastPropagationSeconds()).isEqualTo(2.3);
    }

    private static SyncCompletion completion(ValidatedSpec spec, Instant finished, TagState state) {
        Repository target = spec.targets().get(0);
        List<TagOutcome> tags = List.of(TagOutcome.of("v1.10.0", state, "sha256:" + "1".repeat(64)),
                TagOutcome.of("v1.9.0", state, "sha256:" + "2".repeat(64)));
        SyncReport report = new SyncReport("team/app", spec.source(), List.of("v1.10.0", "v1.9.0"),
                List.of(new TargetReport(target, tags)),
                new SyncTotals(2, 0, 0, 4096, 4096, 2, Duration.ofMillis(1500)), null, null);
        return new SyncCompletion(MIRROR, 1, finished.minusSeconds(2), finished,
                Optional.of(report), SyncVerdict.of(report));
    }

    private static ValidatedSpec spec() {
        ImageMirrorSpec spec = new ImageMirrorSpec();
        spec.setSource(new RepositorySpec("docker.io/team/app", null, false));
        spec.setTargets(List.of(new RepositorySpec("registry.example.com/mirror/app", null, true)));
        try {
            return SpecValidator.validate(spec);
        } catch (InvalidSpecException e) {
            throw new AssertionError(e);
        }
    }
}
