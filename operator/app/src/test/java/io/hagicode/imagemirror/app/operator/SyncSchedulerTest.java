package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.Schedule;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncSchedulerTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Schedule DAILY_UTC = Schedule.parse("0 0 * * *", "UTC");

    private final SyncScheduler scheduler = new SyncScheduler();

    @Test
    void aMirrorNeverSyncedSyncsAtOnce() {
        SyncDecision decision = scheduler.decide(1, null, new ImageMirrorStatus(), DAILY_UTC, NOW);

        assertThat(decision.trigger()).contains(SyncTrigger.FIRST);
        assertThat(decision.nextSyncTime()).contains(Instant.parse("2025-03-02T00:00:00Z"));
    }

    @Test
    void aNewGenerationSyncsAtOnce() {
        assertThat(scheduler.decide(3, null, idle(2, "2025-03-02T00:00:00Z"), DAILY_UTC, NOW).trigger())
                .contains(SyncTrigger.SPEC_CHANGED);
    }

    @Test
    void aNewRequestedAtValueSyncsAtOnceButTheHandledOneDoesNot() {
        ImageMirrorStatus status = idle(1, "2025-03-02T00:00:00Z");
        status.setLastHandledRequestedAt("first");

        assertThat(scheduler.decide(1, "second", status, DAILY_UTC, NOW).trigger()).contains(SyncTrigger.REQUESTED);
        assertThat(scheduler.decide(1, "first", status, DAILY_UTC, NOW).due()).isFalse();
        assertThat(scheduler.decide(1, " ", status, DAILY_UTC, NOW).due()).isFalse();
    }

    @Test
    void aSpecChangeTakesPrecedenceOverAnAnnotation() {
        assertThat(scheduler.decide(2, "now", idle(1, "2025-03-02T00:00:00Z"), DAILY_UTC, NOW).trigger())
                .contains(SyncTrigger.SPEC_CHANGED);
    }

    @Test
    void aSyncTheStatusShowsRunningButNobodyRunsIsResumed() {
        ImageMirrorStatus status = idle(1, "2025-03-02T00:00:00Z");
        ConditionSet conditions = new ConditionSet(status.getConditions());
        conditions.put(ConditionSet.SYNCING, true, "InProgress", "1/3", 1L, NOW);
        status.setConditions(conditions.toList());

        assertThat(scheduler.decide(1, null, status, DAILY_UTC, NOW).trigger()).contains(SyncTrigger.INTERRUPTED);
    }

    @Test
    void aSyncBlockedByCredentialsIsRetried() {
        ImageMirrorStatus status = idle(1, "2025-03-02T00:00:00Z");
        ConditionSet conditions = new ConditionSet(status.getConditions());
        conditions.put(ConditionSet.READY, false, "CredentialsNotFound", "Secret team/x not found", 1L, NOW);
        status.setConditions(conditions.toList());

        assertThat(scheduler.decide(1, null, status, DAILY_UTC, NOW).trigger())
                .contains(SyncTrigger.CREDENTIALS_RETRY);
    }

    @Test
    void theScheduleFiresOnceNextSyncTimeHasPassed() {
        ImageMirrorStatus status = idle(1, "2025-03-02T00:00:00Z");

        SyncDecision before = scheduler.decide(1, null, status, DAILY_UTC, Instant.parse("2025-03-01T23:59:59Z"));
        SyncDecision after = scheduler.decide(1, null, status, DAILY_UTC, Instant.parse("2025-03-02T00:00:00Z"));
        SyncDecision muchLater = scheduler.decide(1, null, status, DAILY_UTC, Instant.parse("2025-03-05T07:00:00Z"));

        assertThat(before.due()).isFalse();
        assertThat(before.nextSyncTime()).contains(Instant.parse("2025-03-02T00:00:00Z"));
        assertThat(after.trigger()).contains(SyncTrigger.SCHEDULED);
        assertThat(after.nextSyncTime()).contains(Instant.parse("2025-03-03T00:00:00Z"));
        // Three missed runs make one sync, and the next one is the next still to come.
        assertThat(muchLater.trigger()).contains(SyncTrigger.SCHEDULED);
        assertThat(muchLater.nextSyncTime()).contains(Instant.parse("2025-03-06T00:00:00Z"));
    }

    @Test
    void theScheduleIsEvaluatedInItsTimeZone() {
        Schedule shanghai = Schedule.parse("0 0 * * *", "Asia/Shanghai");

        assertThat(scheduler.decide(1, null, new ImageMirrorStatus(), shanghai, NOW).nextSyncTime())
                .contains(Instant.parse("2025-03-01T16:00:00Z"));
    }

    @Test
    void aCronThatNeverFiresAgainHasNoNextSyncTime() {
        Schedule never = Schedule.parse("0 0 30 2 *", "UTC");

        assertThat(scheduler.decide(1, null, idle(1, null), never, NOW)).isEqualTo(
                new SyncDecision(Optional.empty(), Optional.empty()));
    }

    private static ImageMirrorStatus idle(long observedGeneration, String nextSyncTime) {
        ImageMirrorStatus status = new ImageMirrorStatus();
        status.setObservedGeneration(observedGeneration);
        status.setNextSyncTime(nextSyncTime);
        ConditionSet conditions = new ConditionSet(status.getConditions());
        conditions.put(ConditionSet.READY, true, "Synced", "3 tags in sync on 1 target", observedGeneration, NOW);
        conditions.put(ConditionSet.SYNCING, false, "Idle", "done", observedGeneration, NOW);
        status.setConditions(conditions.toList());
        return status;
    }
}
