package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.Schedule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides when a mirror syncs, from what the status records rather than from memory, so a restarted operator makes the
 * same decision. A sync is due, in this order of precedence, when:
 * <ol>
 *   <li>the mirror was never synced ({@code observedGeneration} unset);</li>
 *   <li>the spec changed ({@code metadata.generation != status.observedGeneration});</li>
 *   <li>the {@code mirror.hagicode.io/requested-at} annotation holds a value other than
 *       {@code status.lastHandledRequestedAt};</li>
 *   <li>the status says a sync runs but none runs in this process (the operator restarted mid-sync);</li>
 *   <li>the last attempt could not start for want of credentials (a Secret event or a reschedule retries it);</li>
 *   <li>{@code status.nextSyncTime} has passed. A run missed while the operator was down, or while a long sync ran,
 *       happens once, at once; missed runs do not pile up.</li>
 * </ol>
 * The caller never asks while the mirror is suspended or its spec is invalid.
 */
public final class SyncScheduler {
    private static final Set<String> BLOCKED_BY_CREDENTIALS = Set.of(ReadyReason.CredentialsNotFound.name(),
            ReadyReason.InvalidCredentials.name());

    public SyncDecision decide(long generation, String requestedAt, ImageMirrorStatus status, Schedule schedule,
                               Instant now) {
        Optional<SyncTrigger> trigger = trigger(generation, requestedAt, status, now);
        if (trigger.isPresent()) {
            return new SyncDecision(trigger, nextAfter(schedule, now));
        }
        Instant recorded = Timestamps.parse(status.getNextSyncTime());
        return new SyncDecision(Optional.empty(),
                recorded != null ? Optional.of(recorded) : nextAfter(schedule, now));
    }

    private static Optional<SyncTrigger> trigger(long generation, String requestedAt, ImageMirrorStatus status,
                                                 Instant now) {
        ConditionSet conditions = new ConditionSet(status.getConditions());
        if (status.getObservedGeneration() == null) {
            return Optional.of(SyncTrigger.FIRST);
        }
        if (status.getObservedGeneration() != generation) {
            return Optional.of(SyncTrigger.SPEC_CHANGED);
        }
        if (requestedAt != null && !requestedAt.isBlank()
                && !Objects.equals(requestedAt, status.getLastHandledRequestedAt())) {
            return Optional.of(SyncTrigger.REQUESTED);
        }
        if (conditions.isTrue(ConditionSet.SYNCING)) {
            return Optional.of(SyncTrigger.INTERRUPTED);
        }
        if (conditions.reason(ConditionSet.READY).filter(BLOCKED_BY_CREDENTIALS::contains).isPresent()) {
            return Optional.of(SyncTrigger.CREDENTIALS_RETRY);
        }
        Instant next = Timestamps.parse(status.getNextSyncTime());
        if (next != null && !now.isBefore(next)) {
            return Optional.of(SyncTrigger.SCHEDULED);
        }
        return Optional.empty();
    }

    private static Optional<Instant> nextAfter(Schedule schedule, Instant now) {
        return schedule.nextAfter(now.atZone(ZoneOffset.UTC)).map(t -> t.toInstant());
    }
}
