package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A status as recorded, read into types: what the scheduler decides from, and what tells a new problem from one the
 * user was already told about. Conditions hold their reasons as text (that is the API); this is the one place that
 * reads them back. A reason this operator does not know (a newer one wrote it) reads as no verdict.
 *
 * @param syncing        Syncing is True: a sync was queued or running when the status was written
 * @param ready          the Ready condition's verdict
 * @param publicPull     the PublicPull condition's verdict
 * @param secretsVersion see {@link ImageMirrorStatus#getSecretsVersion()}
 */
record RecordedStatus(Optional<Long> observedGeneration, Optional<String> lastHandledRequestedAt, boolean syncing,
                      Optional<SyncVerdict> ready, Optional<PublicPullVerdict> publicPull,
                      Optional<Instant> nextSyncTime, Optional<String> secretsVersion) {

    static RecordedStatus of(ImageMirrorStatus status) {
        if (status == null) {
            return of(new ImageMirrorStatus());
        }
        ConditionSet conditions = new ConditionSet(status.getConditions());
        Optional<SyncVerdict> ready = conditions.get(ConditionSet.READY)
                .flatMap(c -> ReadyReason.parse(c.getReason()).map(r -> new SyncVerdict(r, message(c))));
        Optional<PublicPullVerdict> publicPull = conditions.get(ConditionSet.PUBLIC_PULL)
                .flatMap(c -> PublicPullVerdict.Reason.parse(c.getReason())
                        .map(r -> new PublicPullVerdict(r, message(c))));
        return new RecordedStatus(Optional.ofNullable(status.getObservedGeneration()),
                Optional.ofNullable(status.getLastHandledRequestedAt()), conditions.isTrue(ConditionSet.SYNCING),
                ready, publicPull, Optional.ofNullable(Timestamps.parse(status.getNextSyncTime())),
                Optional.ofNullable(status.getSecretsVersion()));
    }

    private static String message(Condition condition) {
        return condition.getMessage() == null ? "" : condition.getMessage();
    }

    Optional<ReadyReason> readyReason() {
        return ready.map(SyncVerdict::reason);
    }
}
