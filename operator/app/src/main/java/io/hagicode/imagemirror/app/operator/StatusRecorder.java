package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Optional;

/**
 * The record step of a reconcile: what follows from the status it built. Warning Events for problems the status
 * records anew, the mirror's metrics, then the status patch (only when the status changed) and the reschedule.
 * Events and metrics come before the patch so that whoever sees the new status sees them too; a reconcile whose patch
 * fails runs again, which the Warnings (keyed by the status as read) and the metrics (counting a completion once)
 * both tolerate.
 */
final class StatusRecorder {
    private final MirrorEvents events;
    private final OperatorMetrics metrics;

    StatusRecorder(MirrorEvents events, OperatorMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * Patches with a JSON patch of /status computed against the resource as read, so it carries the changed fields
     * alone. The patch is made here rather than through {@code UpdateControl.patchStatus} because JOSDK 5.2 does not
     * cache what that returns: the next reconcile (often at once, when a quick sync ends) would read the old status and
     * start the same sync again. {@code patchStatusAndCacheResource} caches the result and retries on a conflict.
     *
     * @param schedulePeriod time between two runs of the mirror's schedule, when its spec is valid
     */
    UpdateControl<ImageMirror> record(ImageMirror mirror, Context<ImageMirror> context, StatusBuilder status,
                                      Optional<Duration> schedulePeriod, Optional<Duration> reschedule) {
        MirrorRef ref = MirrorRef.of(mirror);
        ImageMirrorStatus next = status.build();
        events.warnAboutNewProblems(ref, RecordedStatus.of(mirror.getStatus()), RecordedStatus.of(next));
        boolean suspended = mirror.getSpec() != null && Boolean.TRUE.equals(mirror.getSpec().getSuspend());
        metrics.record(ref, next, suspended, schedulePeriod, status.completion());
        if (!next.equals(mirror.getStatus())) {
            PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(mirror, context, m -> {
                m.setStatus(next);
                return m;
            });
        }
        UpdateControl<ImageMirror> control = UpdateControl.noUpdate();
        reschedule.ifPresent(control::rescheduleAfter);
        return control;
    }

    /** The mirror was deleted. */
    void forget(MirrorRef mirror) {
        metrics.forget(mirror);
    }
}
