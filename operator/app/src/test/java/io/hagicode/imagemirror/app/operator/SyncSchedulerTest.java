package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.api.Schedule;
import io.hagicode.imagemirror.app.operator.SyncScheduler.Decision;
import io.hagicode.imagemirror.app.operator.SyncScheduler.Observation;
import io.hagicode.imagemirror.app.operator.SyncScheduler.Trigger;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Decisions from typed observations: the verdict is an enum, the Secrets a version, never text read back. */
class SyncSchedulerTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Schedule DAILY_UTC = Schedule.parse("0 0 * * *", "UTC");
    private static final Optional<String> SECRETS_BEFORE = Optional.of("1111aaaa2222bbbb");
    private static final Optional<String> SECRETS_ROTATED = Optional.of("3333cccc4444dddd");

    private final SyncScheduler scheduler = new SyncScheduler();

    @Test
    void aMirrorNeverSyncedSyncsAtOnce() {
        Decision decision = scheduler.decide(seen(1, null, RecordedStatus.of(null)), DAILY_UTC, NOW);

        assertThat(decision.trigger()).contains(Trigger.FIRST);
        assertThat(decision.nextSyncTime()).contains(Instant.parse("2025-03-02T00:00:00Z"));
    }

    @Test
    void aNewGenerationSyncsAtOnce() {
        assertThat(decide(3, null, idle(2)).trigger()).contains(Trigger.SPEC_CHANGED);
    }

    @Test
    void aNewRequestedAtValueSyncsAtOnceButTheHandledOneDoesNot() {
        RecordedStatus handledFirst = new RecordedStatus(Optional.of(1L), Optional.of("first"), false,
                synced(), Optional.empty(), Optional.of(Instant.parse("2025-03-02T00:00:00Z")), Optional.empty());

        assertThat(decide(1, "second", handledFirst).trigger()).contains(Trigger.REQUESTED);
        assertThat(decide(1, "first", handledFirst).due()).isFalse();
        assertThat(decide(1, " ", handledFirst).due()).isFalse();
    }

    @Test
    void aSpecChangeTakesPrecedenceOverAnAnnotation() {
        assertThat(decide(2, "now", idle(1)).trigger()).contains(Trigger.SPEC_CHANGED);
    }

    @Test
    void aSyncTheStatusShowsRunningButNobodyRunsIsResumed() {
        RecordedStatus running = new RecordedStatus(Optional.of(1L), Optional.empty(), true, synced(),
                Optional.empty(), Optional.of(Instant.parse("2025-03-02T00:00:00Z")), Optional.empty());

        assertThat(decide(1, null, running).trigger()).contains(Trigger.INTERRUPTED);
    }

    @ParameterizedTest
    @EnumSource(value = ReadyReason.class, names = {"CredentialsNotFound", "InvalidCredentials"})
    void aSyncBlockedByAMissingOrUnusableSecretIsRetriedOnEveryLook(ReadyReason reason) {
        RecordedStatus blocked = after(reason, SECRETS_BEFORE);

        assertThat(scheduler.decide(withSecrets(SECRETS_BEFORE, blocked), DAILY_UTC, NOW)
                .trigger()).contains(Trigger.CREDENTIALS_RETRY);
    }

    @Test
    void afterAuthenticationFailedAChangedSecretRetriesAtOnceAndAnUnchangedOneWaits() {
        RecordedStatus refused = after(ReadyReason.AuthenticationFailed, SECRETS_BEFORE);

        Decision rotated = scheduler.decide(withSecrets(SECRETS_ROTATED, refused),
                DAILY_UTC, NOW);
        Decision unchanged = scheduler.decide(withSecrets(SECRETS_BEFORE, refused),
                DAILY_UTC, NOW);

        assertThat(rotated.trigger()).contains(Trigger.SECRETS_CHANGED);
        assertThat(rotated.nextSyncTime()).contains(Instant.parse("2025-03-02T00:00:00Z"));
        assertThat(unchanged.due()).isFalse();
        assertThat(unchanged.nextSyncTime()).contains(Instant.parse("2025-03-02T00:00:00Z"));
    }

    @Test
    void aStatusThatRecordsNoSecretsVersionNeverCountsAsAChange() {
        // Written before secretsVersion existed: what the sync read is unknown, so only the schedule retries.
        RecordedStatus refused = after(ReadyReason.AuthenticationFailed, Optional.empty());

        assertThat(scheduler.decide(withSecrets(SECRETS_ROTATED, refused), DAILY_UTC, NOW)
                .due()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = ReadyReason.class, names = {"Synced", "PartiallySynced", "SyncFailed", "SourceNotFound",
        "RateLimited"})
    void aChangedSecretAloneDoesNotResyncAMirrorWhoseCredentialsWereAccepted(ReadyReason reason) {
        RecordedStatus recorded = after(reason, SECRETS_BEFORE);

        assertThat(scheduler.decide(withSecrets(SECRETS_ROTATED, recorded), DAILY_UTC, NOW)
                .due()).isFalse();
    }

    @Test
    void theScheduleFiresOnceNextSyncTimeHasPassed() {
        RecordedStatus status = idle(1);

        Decision before = scheduler.decide(seen(1, null, status), DAILY_UTC, Instant.parse("2025-03-01T23:59:59Z"));
        Decision after = scheduler.decide(seen(1, null, status), DAILY_UTC, Instant.parse("2025-03-02T00:00:00Z"));
        Decision muchLater = scheduler.decide(seen(1, null, status), DAILY_UTC,
                Instant.parse("2025-03-05T07:00:00Z"));

        assertThat(before.due()).isFalse();
        assertThat(before.nextSyncTime()).contains(Instant.parse("2025-03-02T00:00:00Z"));
        assertThat(after.trigger()).contains(Trigger.SCHEDULED);
        assertThat(after.nextSyncTime()).contains(Instant.parse("2025-03-03T00:00:00Z"));
        // Three missed runs make one sync, and the next one is the next still to come.
        assertThat(muchLater.trigger()).contains(Trigger.SCHEDULED);
        assertThat(muchLater.nextSyncTime()).contains(Instant.parse("2025-03-06T00:00:00Z"));
    }

    @Test
    void theScheduleIsEvaluatedInItsTimeZone() {
        Schedule shanghai = Schedule.parse("0 0 * * *", "Asia/Shanghai");

        assertThat(scheduler.decide(seen(1, null, RecordedStatus.of(null)), shanghai, NOW).nextSyncTime())
                .contains(Instant.parse("2025-03-01T16:00:00Z"));
    }

    @Test
    void aCronThatNeverFiresAgainHasNoNextSyncTime() {
        Schedule never = Schedule.parse("0 0 30 2 *", "UTC");
        RecordedStatus noNext = new RecordedStatus(Optional.of(1L), Optional.empty(), false, synced(),
                Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(scheduler.decide(seen(1, null, noNext), never, NOW))
                .isEqualTo(new Decision(Optional.empty(), Optional.empty()));
    }

    private Decision decide(long generation, String requestedAt, RecordedStatus recorded) {
        return scheduler.decide(seen(generation, requestedAt, recorded), DAILY_UTC, NOW);
    }

    @Test
    void settledPushesMakeATargetedSyncThatKeepsTheScheduledRun() {
        Decision decision = scheduler.decide(pushed(idle(1), NOW.minusMillis(1)), DAILY_UTC, NOW);

        assertThat(decision.trigger()).contains(Trigger.PUSHED);
        assertThat(decision.nextSyncTime()).contains(Instant.parse("2025-03-02T00:00:00Z"));
    }

    @Test
    void pushesStillInTheirBurstWaitAndWakeTheMirrorWhenTheySettle() {
        Instant settle = NOW.plusMillis(400);

        Decision decision = scheduler.decide(pushed(idle(1), settle), DAILY_UTC, NOW);

        assertThat(decision.due()).isFalse();
        assertThat(decision.wakeAt()).contains(settle);
        assertThat(decision.nextSyncTime()).contains(Instant.parse("2025-03-02T00:00:00Z"));
    }

    @Test
    void aFullSyncThatIsDueWinsOverPendingPushes() {
        Decision decision = scheduler.decide(new Observation(2, Optional.empty(), Optional.empty(), idle(1),
                Optional.of(NOW.minusSeconds(1))), DAILY_UTC, NOW);

        assertThat(decision.trigger()).contains(Trigger.SPEC_CHANGED);
    }

    private static Observation pushed(RecordedStatus recorded, Instant settle) {
        return new Observation(1, Optional.empty(), Optional.empty(), recorded, Optional.of(settle));
    }

    private static Observation seen(long generation, String requestedAt, RecordedStatus recorded) {
        return new Observation(generation, Optional.ofNullable(requestedAt), Optional.empty(), recorded,
                Optional.empty());
    }

    /** Synced at generation {@code observedGeneration}, the next run tomorrow at midnight. */
    private static RecordedStatus idle(long observedGeneration) {
        return new RecordedStatus(Optional.of(observedGeneration), Optional.empty(), false, synced(),
                Optional.empty(), Optional.of(Instant.parse("2025-03-02T00:00:00Z")), Optional.empty());
    }

    /** The last attempt at generation 1 ended with {@code reason}, having read the Secrets at {@code secrets}. */
    private static RecordedStatus after(ReadyReason reason, Optional<String> secrets) {
        return new RecordedStatus(Optional.of(1L), Optional.empty(), false,
                Optional.of(new SyncVerdict(reason, "what happened")), Optional.empty(),
                Optional.of(Instant.parse("2025-03-02T00:00:00Z")), secrets);
    }

    private static Optional<SyncVerdict> synced() {
        return Optional.of(new SyncVerdict(ReadyReason.Synced, "3 tags in sync on 1 target"));
    }

    private static Observation withSecrets(Optional<String> secretsVersion, RecordedStatus recorded) {
        return new Observation(1, Optional.empty(), secretsVersion, recorded, Optional.empty());
    }
}
