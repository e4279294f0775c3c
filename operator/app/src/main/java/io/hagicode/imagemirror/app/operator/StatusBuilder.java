package io.hagicode.imagemirror.app.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.LastSyncSummary;
import io.hagicode.imagemirror.api.TargetStatus;
import io.hagicode.imagemirror.api.WebhookEvent;
import io.hagicode.imagemirror.app.operator.webhook.PushEvent;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TagState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the next status from the current one, one observation at a time. It starts from a deep copy, so comparing
 * {@link #build()} with the status read from the cluster tells whether a patch is needed at all. Verdicts go in typed
 * ({@link SyncVerdict}, {@link PublicPullVerdict}) and come back out through {@link #recorded()}. Nothing here ever
 * holds a credential: only repositories, tags, counts, times, error texts the registry client produced (which never
 * carry headers) and a digest of Secret resourceVersions.
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
    private Optional<SyncCompletion> completion = Optional.empty();

    StatusBuilder(ImageMirrorStatus current, Instant now) {
        this.status = current == null ? new ImageMirrorStatus() : COPIER.convertValue(current, ImageMirrorStatus.class);
        this.conditions = new ConditionSet(status.getConditions());
        this.now = now;
    }

    /** The status as built so far, read back into types for the scheduler. */
    RecordedStatus recorded() {
        return RecordedStatus.of(build());
    }

    /** The sync whose result {@link #completed} recorded in this status, if any. */
    Optional<SyncCompletion> completion() {
        return completion;
    }

    void targetCount(int count) {
        status.setTargetCount(count);
    }

    void invalidSpec(long generation, InvalidSpecException e) {
        status.setObservedGeneration(generation);
        status.setNextSyncTime(null);
        ready(new SyncVerdict(ReadyReason.InvalidSpec, e.getMessage()), generation);
        idle("the spec is invalid; fix it to resume syncing");
    }

    void suspended(long generation) {
        status.setObservedGeneration(generation);
        status.setNextSyncTime(null);
        ready(new SyncVerdict(ReadyReason.Suspended, "spec.suspend is true: no sync runs until it is false"),
                generation);
        idle("suspended");
    }

    /** No sync could start: {@code verdict} says which Secret is missing or unusable. */
    void credentialsProblem(long generation, Optional<String> requestedAt, SyncVerdict verdict,
                            Optional<String> secretsVersion) {
        status.setObservedGeneration(generation);
        status.setLastHandledRequestedAt(requestedAt.orElse(null));
        status.setSecretsVersion(secretsVersion.orElse(null));
        ready(verdict, generation);
        idle("waiting for usable credentials");
    }

    void syncStarted(long generation, Optional<String> requestedAt, Optional<Instant> nextSyncTime,
                     SyncScheduler.Trigger trigger, Optional<String> secretsVersion) {
        status.setObservedGeneration(generation);
        status.setLastHandledRequestedAt(requestedAt.orElse(null));
        status.setSecretsVersion(secretsVersion.orElse(null));
        nextSyncTime(nextSyncTime);
        conditions.put(ConditionSet.SYNCING, true, SYNCING_QUEUED,
                "sync queued (" + trigger.description() + ")", generation, now);
    }

    void syncing(ActiveSync sync) {
        if (!sync.isRunning()) {
            conditions.put(ConditionSet.SYNCING, true, SYNCING_QUEUED,
                    "waiting for a free sync worker (" + sync.trigger().description() + ")", sync.generation(), now);
            return;
        }
        conditions.put(ConditionSet.SYNCING, true, SYNCING_IN_PROGRESS, sync.progress().describe(),
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

    /**
     * Records a finished sync: times, counts, targets, Ready, and PublicPull when a target is public. A targeted sync
     * (webhook pushes) speaks for its tags only: it records its time, its counters, each target's propagation, and
     * Ready only when it failed; the counts of tags in sync, lastSuccessfulSyncTime and PublicPull stay as the last
     * full sync left them.
     */
    void completed(SyncCompletion finished, ValidatedSpec spec) {
        completion = Optional.of(finished);
        if (finished.targeted()) {
            targetedCompleted(finished, spec);
            return;
        }
        Map<String, Double> propagation = new HashMap<>();
        status.getTargets().stream().filter(t -> t.getLastPropagationSeconds() != null)
                .forEach(t -> propagation.put(t.getRepository(), t.getLastPropagationSeconds()));
        status.setLastSyncTime(Timestamps.seconds(finished.finishedAt()));
        if (finished.succeeded()) {
            status.setLastSuccessfulSyncTime(Timestamps.seconds(finished.finishedAt()));
        }
        finished.report().ifPresent(report -> {
            status.setSelectedTags(report.selectedTags().size());
            status.setTargets(TargetStatuses.from(spec, report));
            status.getTargets().forEach(t -> t.setLastPropagationSeconds(propagation.get(t.getRepository())));
            status.setLastSync(summary(report, finished));
            PublicPullVerdict.of(spec, report).ifPresentOrElse(v -> conditions.put(ConditionSet.PUBLIC_PULL,
                    v.reason().status(), v.reason().name(), v.message(), finished.generation(), now),
                    () -> conditions.remove(ConditionSet.PUBLIC_PULL));
        });
        ready(finished.verdict(), finished.generation());
        idle("last sync finished at " + Timestamps.seconds(finished.finishedAt()) + " after "
                + String.format(Locale.ROOT, "%.1f s", finished.duration().toMillis() / 1000.0));
    }

    private void targetedCompleted(SyncCompletion finished, ValidatedSpec spec) {
        status.setLastSyncTime(Timestamps.seconds(finished.finishedAt()));
        finished.report().ifPresent(report -> status.setLastSync(summary(report, finished)));
        Map<Repository, Duration> propagation = finished.propagation();
        for (int i = 0; i < spec.targets().size(); i++) {
            Duration took = propagation.get(spec.targets().get(i));
            String name = spec.spec().getTargets().get(i).getRepository();
            if (took == null) {
                continue;
            }
            TargetStatus entry = status.getTargets().stream().filter(t -> name.equals(t.getRepository())).findFirst()
                    .orElseGet(() -> {
                        TargetStatus created = new TargetStatus();
                        created.setRepository(name);
                        status.getTargets().add(created);
                        return created;
                    });
            entry.setLastPropagationSeconds(Math.round(took.toMillis() / 100.0) / 10.0);
        }
        if (!finished.succeeded()) {
            ready(finished.verdict(), finished.generation());
        }
        idle("synced the pushed " + String.join(", ", new TreeSet<>(finished.pushes().keySet())) + " at "
                + Timestamps.seconds(finished.finishedAt()));
    }

    /** Where the receiver takes this mirror's webhooks; empty when it takes none. */
    void webhookPath(Optional<String> path) {
        status.setWebhookPath(path.orElse(null));
    }

    void lastEvent(PushEvent push) {
        status.setLastEvent(new WebhookEvent(push.pushedAt().map(Timestamps::seconds).orElse(null), push.tag(),
                push.sender()));
    }

    /**
     * True while the status still shows the sync that started last as running (Syncing=True): its completion, if this
     * process has one, is not recorded yet. Once recorded, Syncing is False, so a completion is never recorded twice,
     * and one whose status patch failed is recorded again by the next reconcile.
     */
    boolean awaitsCompletion() {
        return conditions.isTrue(ConditionSet.SYNCING);
    }

    private void ready(SyncVerdict verdict, long generation) {
        conditions.put(ConditionSet.READY, verdict.reason().ready(), verdict.reason().name(), verdict.message(),
                generation, now);
    }

    private static LastSyncSummary summary(SyncReport report, SyncCompletion completion) {
        SyncTotals totals = report.totals();
        LastSyncSummary summary = new LastSyncSummary();
        summary.setTagsCopied((int) report.targets().stream().mapToLong(t -> t.count(TagState.COPIED)).sum());
        if (totals.referrersCopied() > 0) {
            summary.setReferrersCopied(totals.referrersCopied());
        }
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
