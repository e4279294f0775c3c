package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Tag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One level of referrers (those of the mirrored manifests; then those of these referrers, and so on): what each
 * target gets copied, which fallback tag indexes are written after, and which subject each outcome belongs to.
 * Filled concurrently by the {@link ReferrerPlanner}, read once the level is planned.
 */
final class ReferrerLevel {
    /** A fallback tag index to write on {@code target} once its entries are in; see {@link FallbackIndexWriter}. */
    record FallbackWrite(Target target, Digest subject, Tag tag, IndexEntries wanted, boolean onlyUnindexed) {
    }

    /**
     * An outcome's name on one target, its subject, whether it can be a subject on the next level, its artifact type
     * where known, and why it is to be copied (null when it is not).
     */
    record Named(Target target, String name, Digest subject, Digest digest, boolean subjectOfNext, String artifactType,
                 String reason) {
    }

    final OutcomeBook book;
    final List<CopyTask> copies = Collections.synchronizedList(new ArrayList<>());
    final List<FallbackWrite> fallbackWrites = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Named> names = Collections.synchronizedMap(new LinkedHashMap<>());

    ReferrerLevel(OutcomeBook book) {
        this.book = book;
    }

    void name(Target target, String name, Digest subject, Digest digest, boolean subjectOfNext) {
        name(target, name, subject, digest, subjectOfNext, null, null);
    }

    void name(Target target, String name, Digest subject, Digest digest, boolean subjectOfNext, String artifactType,
              String reason) {
        names.putIfAbsent(target.index() + "/" + name,
                new Named(target, name, subject, digest, subjectOfNext, artifactType, reason));
    }

    void upToDate(Target target, String name, Digest subject, Digest digest, boolean subjectOfNext,
                  String artifactType) {
        name(target, name, subject, digest, subjectOfNext, artifactType, null);
        book.record(target, TagOutcome.of(name, TagState.UP_TO_DATE, digest.toString()));
    }

    void failed(Target target, String name, Digest subject, Failure failure) {
        name(target, name, subject, null, false);
        book.fail(target, name, null, failure);
    }

    List<Named> names() {
        synchronized (names) {
            return List.copyOf(names.values());
        }
    }
}
