package io.hagicode.imagemirror.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a subject's fallback tag index on a target once the referrers it lists are there (an index never names a
 * manifest the target lacks). The index is read again just before, and merged: entries someone else wrote stay, ours
 * are appended, and nothing is written when nothing is new. Where the target had no index and every entry of the
 * source's index travelled, the source's own bytes are pushed, so the digests are identical.
 * <p>
 * A dry run computes the same index (reading the target's, writing nothing) and records it as planned, its entries
 * counted as arrived when they are planned.
 */
final class FallbackIndexWriter {
    /** Why the index is written, as reports say it (unless the planner named a reason first). */
    static final String NOT_INDEXED = "lists referrers the target does not index by their subject";

    private final SubjectIndexing subjects;
    private final SyncCounters counters;
    private final Cancellation cancellation;

    FallbackIndexWriter(SubjectIndexing subjects, SyncCounters counters, Cancellation cancellation) {
        this.subjects = subjects;
        this.counters = counters;
        this.cancellation = cancellation;
    }

    void write(ReferrerLevel.FallbackWrite write, ReferrerLevel level) {
        apply(write, level, false);
    }

    void plan(ReferrerLevel.FallbackWrite write, ReferrerLevel level) {
        apply(write, level, true);
    }

    private void apply(ReferrerLevel.FallbackWrite write, ReferrerLevel level, boolean dryRun) {
        Target target = write.target();
        String name = write.tag().name();
        Map<Digest, ObjectNode> arrived = new LinkedHashMap<>();
        write.wanted().entries().forEach((digest, json) -> {
            TagOutcome o = level.book.outcome(target, digest.toString());
            boolean there = o != null && o.state() != TagState.FAILED;
            boolean needsTag = !write.onlyUnindexed()
                    || (o != null && o.state() == TagState.COPIED && !subjects.indexed(target, digest));
            if (there && needsTag) {
                arrived.put(digest, json);
            }
        });
        if (write.onlyUnindexed() && arrived.isEmpty()) {
            return; // the target's referrers API indexed every one of them (a dry run expects it to)
        }
        level.name(target, name, write.subject(), null, false, null, NOT_INDEXED);
        if (arrived.isEmpty()) {
            level.book.fail(target, name, null, new Failure("the referrers index " + write.tag().in(target.repository())
                    + " was not written: none of its referrers could be copied", RegistryErrorKind.OTHER));
            return;
        }
        try {
            cancellation.throwIfCancelled();
            IndexEntries existing = ReferrerPlanner.readIndex(target, write.tag());
            Manifest index = existing == null && write.wanted().complete()
                    && arrived.size() == write.wanted().entries().size() && write.wanted().manifest() != null
                    ? write.wanted().manifest()
                    : IndexEntries.merged(existing, arrived);
            if (existing != null && existing.manifest().digest().equals(index.digest())) {
                level.book.record(target, TagOutcome.of(name, TagState.UP_TO_DATE, index.digest().toString()));
                return;
            }
            if (dryRun) {
                level.book.record(target, TagOutcome.of(name, TagState.PLANNED, index.digest().toString()));
                return;
            }
            target.client().putManifest(target.repository(), write.tag(), index);
            counters.manifestsPushed.incrementAndGet();
            level.book.record(target, TagOutcome.of(name, TagState.COPIED, index.digest().toString()));
        } catch (RuntimeException e) {
            level.book.fail(target, name, null, Failure.of("writing the referrers index "
                    + write.tag().in(target.repository()), e));
        }
    }
}
