package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.sync.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A sync that ran to its end (cancelled syncs leave none). {@code report} is empty when the engine itself failed;
 * {@code verdict} says what either means for the Ready condition.
 */
public record SyncCompletion(MirrorRef mirror, long generation, Instant startedAt, Instant finishedAt,
                             Optional<SyncReport> report, SyncVerdict verdict) {

    static SyncCompletion of(ActiveSync sync, SyncReport report, Instant finishedAt) {
        return new SyncCompletion(sync.mirror(), sync.generation(), sync.startedAt(), finishedAt,
                Optional.of(report), SyncVerdict.of(report));
    }

    static SyncCompletion crashed(ActiveSync sync, Throwable error, Instant finishedAt) {
        String detail = error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return new SyncCompletion(sync.mirror(), sync.generation(), sync.startedAt(), finishedAt,
                Optional.empty(), SyncVerdict.crashed(detail));
    }

    public boolean succeeded() {
        return verdict.reason().ready();
    }

    public Duration duration() {
        return report.map(r -> r.totals().duration()).filter(d -> !d.isZero())
                .orElse(Duration.between(startedAt, finishedAt));
    }
}
