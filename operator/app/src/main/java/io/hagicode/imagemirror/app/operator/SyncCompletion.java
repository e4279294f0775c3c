package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A sync that ran to its end (cancelled syncs leave none). {@code report} is empty when the engine itself failed;
 * {@code verdict} says what either means for the Ready condition.
 *
 * @param pushes empty for a full sync; for a targeted one (webhook pushes), each tag it was asked for and when that
 *               tag was pushed
 */
public record SyncCompletion(MirrorRef mirror, long generation, Instant startedAt, Instant finishedAt,
                             Optional<SyncReport> report, SyncVerdict verdict, Map<String, Instant> pushes) {

    public SyncCompletion {
        pushes = Map.copyOf(pushes);
    }

    /** A full sync. */
    public SyncCompletion(MirrorRef mirror, long generation, Instant startedAt, Instant finishedAt,
                          Optional<SyncReport> report, SyncVerdict verdict) {
        this(mirror, generation, startedAt, finishedAt, report, verdict, Map.of());
    }

    static SyncCompletion of(ActiveSync sync, SyncReport report, Instant finishedAt) {
        return new SyncCompletion(sync.mirror(), sync.generation(), sync.startedAt(), finishedAt,
                Optional.of(report), SyncVerdict.of(report), sync.pushes());
    }

    static SyncCompletion crashed(ActiveSync sync, Throwable error, Instant finishedAt) {
        String detail = error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return new SyncCompletion(sync.mirror(), sync.generation(), sync.startedAt(), finishedAt,
                Optional.empty(), SyncVerdict.crashed(detail), sync.pushes());
    }

    public boolean succeeded() {
        return verdict.reason().ready();
    }

    /** A sync of pushed tags only, which says nothing about the other tags. */
    public boolean targeted() {
        return !pushes.isEmpty();
    }

    /**
     * Per target, how long its pushed tags took to be there: from the earliest push among the tags now in sync on it
     * to the end of this sync, which is when they were known to be present. Targets where no pushed tag is in sync
     * are left out.
     */
    public Map<Repository, Duration> propagation() {
        Map<Repository, Duration> out = new LinkedHashMap<>();
        report.ifPresent(r -> {
            for (TargetReport target : r.targets()) {
                target.tags().stream()
                        .filter(t -> t.state() == TagState.COPIED || t.state() == TagState.UP_TO_DATE)
                        .map(t -> pushes.get(t.tag()))
                        .filter(at -> at != null)
                        .min(Instant::compareTo)
                        .ifPresent(at -> out.put(target.repository(), nonNegative(Duration.between(at, finishedAt))));
            }
        });
        return out;
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    public Duration duration() {
        return report.map(r -> r.totals().duration()).filter(d -> !d.isZero())
                .orElse(Duration.between(startedAt, finishedAt));
    }
}
