package io.hagicode.imagemirror.app.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.LastSyncSummary;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TagState;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the next status from the current one, one observation at a time. It starts from a deep copy, so comparing
 * {@link #build()} with the status read from the cluster tells whether a patch is needed at all. Nothing here ever
 * holds a credential: only repositories, tags, counts, times and error texts the registry client produced (which never
 * carry headers).
 */
final class StatusBuilder {
    static final String SYNCING_IN_PROGRESS = "InProgress";
    static final String SYNCING_QUEUED = "Queued";
    static final String SYNCING_CANCELLING = "Cancelling";
    static final String SYNCING_IDLE = "Idle";

    private static final ObjectMapper COPIER = new ObjectMapper();

    private final ImageMirrorStatus status;
    private final ConditionSet conditions;
    private final Instant now;

    StatusBuilder(ImageMirrorStatus current, Instant now) {
        this.status = current == null ? new ImageMirrorStatus() : COPIER.convertValue(current, ImageMirrorStatus.class);
        this.conditions = new ConditionSet(status.getConditions());
        this.now = now;
    }

    /** The status as built so far (conditions included), for the scheduler to read. */
    ImageMirrorStatus current() {
        return build();
    }

    void targetCount(int count) {
        status.setTargetCount(count);
    }

    void invalidSpec(long generation, InvalidSpecException e) {
        status.setObservedGeneration(generation);
        status.setNextSyncTime(null);
        conditions.put(ConditionSet.READY, false, ReadyReason.InvalidSpec.name(), e.getMessage(), generation, now);
        idle("the spec is invalid; fix it to resume syncing");
    }

    void suspended(long generation) {
        status.setObservedGeneration(generation);
        status.setNextSyncTime(null);
        conditions.put(ConditionSet.READY, false, ReadyReason.Suspended.name(),
                "spec.suspend is true: no sync runs until it is false", generation, now);
        idle("suspended");
    }

    void credentialsProblem(long generation, String requestedAt, ReadyReason reason, String message) {
        status.setObservedGeneration(generation);
        status.setLastHandledRequestedAt(requestedAt);
        conditions.put(ConditionSet.READY, false, reason.name(), message, generation, now);
        idle("waiting for usable credentials");
    }

    void syncStarted(long generation, String requestedAt, Optional<Instant> nextSyncTime, SyncTrigger trigger) {
        status.setObservedGeneration(generation);
        status.setLastHandledRequestedAt(requestedAt);
        status.setNextSyncTime(nextSyncTime.map(Timestamps::seconds).orElse(null));
        conditions.put(ConditionSet.SYNCING, true, SYNCING_QUEUED,
                "sync queued (" + trigger.description() + ")", generation, now);
    }

    void syncing(ActiveSync sync) {
        if (!sync.isRunning()) {
            conditions.put(ConditionSet.SYNCING, true, SYNCING_QUEUED,
                    "waiting for a free sync worker (" + sync.trigger().description() + ")", sync.generation(), now);
            return;
        }
        conditions.put(ConditionSet.SYNCING, true, SYNCING_IN_PROGRESS, sync.progress().snapshot().describe(),
                sync.generation(), now);
    }

    void cancelling(ActiveSync sync, String why) {
        conditions.put(ConditionSet.SYNCING, true, SYNCING_CANCELLING,
                "stopping the sync of generation " + sync.generation() + ": " + why, sync.generation(), now);
    }

    void nextSyncTime(Optional<Instant> next) {
        status.setNextSyncTime(next.map(Timestamps::seconds).orElse(null));
    }

    void idle(String message) {
        Long generation = status.getObservedGeneration();
        conditions.put(ConditionSet.SYNCING, false, SYNCING_IDLE, message, generation, now);
    }

    /** Records a finished sync: times, counts, targets, Ready, and PublicPull when a target is public. */
    void completed(SyncCompletion completion, ValidatedSpec spec) {
        status.setLastSyncTime(Timestamps.seconds(completion.finishedAt()));
        if (completion.succeeded()) {
            status.setLastSuccessfulSyncTime(Timestamps.seconds(completion.finishedAt()));
        }
        completion.report().ifPresent(report -> {
            status.setSelectedTags(report.selectedTags().size());
            status.setTargets(TargetStatuses.from(spec, report));
            status.setLastSync(summary(report, completion));
            PublicPullVerdict.of(spec, report).ifPresentOrElse(v -> conditions.put(ConditionSet.PUBLIC_PULL,
                    v.status(), v.reason(), v.message(), completion.generation(), now),
                    () -> conditions.remove(ConditionSet.PUBLIC_PULL));
        });
        SyncVerdict verdict = completion.verdict();
        conditions.put(ConditionSet.READY, verdict.reason().ready(), verdict.reason().name(), verdict.message(),
                completion.generation(), now);
        idle("last sync finished at " + Timestamps.seconds(completion.finishedAt()) + " after "
                + String.format(Locale.ROOT, "%.1f s", completion.duration().toMillis() / 1000.0));
    }

    Optional<Condition> condition(String type) {
        return conditions.get(type);
    }

    /**
     * True while the status still shows the sync that started last as running (Syncing=True): its completion, if this
     * process has one, is not recorded yet. Once recorded, Syncing is False, so a completion is never recorded twice,
     * and one whose status patch failed is recorded again by the next reconcile.
     */
    boolean awaitsCompletion() {
        return conditions.isTrue(ConditionSet.SYNCING);
    }

    private static LastSyncSummary summary(SyncReport report, SyncCompletion completion) {
        SyncTotals totals = report.totals();
        LastSyncSummary summary = new LastSyncSummary();
        summary.setTagsCopied((int) report.targets().stream().mapToLong(t -> t.count(TagState.COPIED)).sum());
        summary.setBlobsCopied(totals.blobsCopied());
        summary.setBlobsMounted(totals.blobsMounted());
        summary.setBytesCopied(totals.bytesCopied());
        summary.setDurationSeconds(Math.round(completion.duration().toMillis() / 100.0) / 10.0);
        return summary;
    }

    ImageMirrorStatus build() {
        ImageMirrorStatus out = COPIER.convertValue(status, ImageMirrorStatus.class);
        out.setConditions(conditions.toList());
        return out;
    }
}
