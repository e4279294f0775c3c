package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which referrer PUTs a target answered with {@code OCI-Subject}: those it indexed under their subject itself. For
 * the others the subject's fallback tag index must be kept up to date on that target.
 */
final class SubjectIndexing {
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();

    void record(Target target, Digest referrer, boolean subjectIndexed) {
        if (subjectIndexed) {
            indexed.add(target.index() + "@" + referrer);
        }
    }

    boolean indexed(Target target, Digest referrer) {
        return indexed.contains(target.index() + "@" + referrer);
    }
}
