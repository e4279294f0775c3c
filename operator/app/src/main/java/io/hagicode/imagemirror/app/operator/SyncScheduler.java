package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.Schedule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Decides when a mirror syncs, from an {@link Observation} of what the status records rather than from memory, so a
 * restarted operator makes the same decision. A sync is due, in this order of precedence, when:
 * <ol>
 *   <li>the mirror was never synced ({@code observedGeneration} unset);</li>
 *   <li>the spec changed ({@code metadata.generation != status.observedGeneration});</li>
 *   <li>the {@code mirror.hagicode.io/requested-at} annotation holds a value other than
 *       {@code status.lastHandledRequestedAt};</li>
 *   <li>the status says a sync runs but none runs in this process (the operator restarted mid-sync);</li>
 *   <li>the last attempt could not start for want of a usable Secret (a Secret event or a reschedule retries it), or
 *       a registry refused the credentials and a referenced Secret has changed since
 *       ({@code status.secretsVersion} differs from the Secrets now);</li>
 *   <li>{@code status.nextSyncTime} has passed. A run missed while the operator was down, or while a long sync ran,
 *       happens once, at once; missed runs do not pile up.</li>
 * </ol>
 * Failing all of these, webhook pushes that are pending and whose burst has settled make a targeted sync
 * ({@link Trigger#PUSHED}); pending pushes that have not settled yet make a {@link Decision#wakeAt} earlier than the
 * schedule's next run. A full sync wins over pushes: they stay pending and follow it.
 * The caller never asks while the mirror is suspended or its spec is invalid, nor while a sync of it runs.
 */
public final class SyncScheduler {

    /** Why a sync starts; shown in the SyncStarted event and the Syncing condition. */
    public enum Trigger {
        FIRST("first sync of this mirror"),
        SPEC_CHANGED("the spec changed"),
        REQUESTED("requested through the " + ImageMirror.REQUESTED_AT_ANNOTATION + " annotation"),
        SCHEDULED("scheduled"),
        INTERRUPTED("resuming a sync that did not finish (operator restart)"),
        CREDENTIALS_RETRY("retrying after a credentials problem"),
        SECRETS_CHANGED("a referenced Secret changed after the registry refused the credentials"),
        /** A targeted sync of the pending webhook pushes, not a full one. */
        PUSHED("a registry webhook reported a push");

        private final String description;

        Trigger(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * What a decision reads: the mirror's generation and "sync now" annotation, the version of its Secrets now (empty
     * when it references none), its status as recorded, the last verdict included, in types, and when its pending
     * webhook pushes settle (empty when none are pending).
     */
    record Observation(long generation, Optional<String> requestedAt, Optional<String> secretsVersion,
                       RecordedStatus recorded, Optional<Instant> pushesSettleAt) {
    }

    /**
     * Whether a sync is due now and why, and when the next scheduled one is. {@code nextSyncTime} is empty for a cron
     * expression that never fires again (e.g. 30 February). {@code wakeAt}, when no sync is due, is the time to
     * decide again: the next scheduled run, or sooner when pending pushes settle first.
     */
    record Decision(Optional<Trigger> trigger, Optional<Instant> nextSyncTime, Optional<Instant> wakeAt) {
        Decision(Optional<Trigger> trigger, Optional<Instant> nextSyncTime) {
            this(trigger, nextSyncTime, trigger.isPresent() ? Optional.empty() : nextSyncTime);
        }

        boolean due() {
            return trigger.isPresent();
        }
    }

    Decision decide(Observation seen, Schedule schedule, Instant now) {
        Optional<Trigger> trigger = trigger(seen, now);
        if (trigger.isPresent()) {
            return new Decision(trigger, nextAfter(schedule, now));
        }
        Optional<Instant> next = seen.recorded().nextSyncTime().or(() -> nextAfter(schedule, now));
        if (seen.pushesSettleAt().isEmpty()) {
            return new Decision(Optional.empty(), next);
        }
        Instant settle = seen.pushesSettleAt().get();
        if (!now.isBefore(settle)) {
            return new Decision(Optional.of(Trigger.PUSHED), next);
        }
        return new Decision(Optional.empty(), next,
                Optional.of(next.filter(n -> n.isBefore(settle)).orElse(settle)));
    }

    private static Optional<Trigger> trigger(Observation seen, Instant now) {
        RecordedStatus recorded = seen.recorded();
        if (recorded.observedGeneration().isEmpty()) {
            return Optional.of(Trigger.FIRST);
        }
        if (recorded.observedGeneration().get() != seen.generation()) {
            return Optional.of(Trigger.SPEC_CHANGED);
        }
        if (seen.requestedAt().filter(r -> !r.isBlank() && !recorded.lastHandledRequestedAt().equals(Optional.of(r)))
                .isPresent()) {
            return Optional.of(Trigger.REQUESTED);
        }
        if (recorded.syncing()) {
            return Optional.of(Trigger.INTERRUPTED);
        }
        Optional<ReadyReason> last = recorded.readyReason();
        if (last.filter(ReadyReason::secretProblem).isPresent()) {
            return Optional.of(Trigger.CREDENTIALS_RETRY);
        }
        // A status written before secretsVersion existed, or a mirror without Secrets, has nothing to compare.
        if (last.equals(Optional.of(ReadyReason.AuthenticationFailed)) && recorded.secretsVersion().isPresent()
                && !recorded.secretsVersion().equals(seen.secretsVersion())) {
            return Optional.of(Trigger.SECRETS_CHANGED);
        }
        if (recorded.nextSyncTime().filter(next -> !now.isBefore(next)).isPresent()) {
            return Optional.of(Trigger.SCHEDULED);
        }
        return Optional.empty();
    }

    private static Optional<Instant> nextAfter(Schedule schedule, Instant now) {
        return schedule.nextAfter(now.atZone(ZoneOffset.UTC)).map(t -> t.toInstant());
    }
}
