package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.Repository;
import java.util.List;

/**
 * The result of one sync (or dry run) of one mirror. {@code sourceError} is set when the source could not be read at
 * all (its tags could not be listed); then every target has no tag outcomes.
 */
public record SyncReport(String mirror, Repository source, List<String> selectedTags, List<TargetReport> targets,
                         SyncTotals totals, String sourceError, RegistryErrorKind sourceErrorKind) {
    public SyncReport {
        selectedTags = List.copyOf(selectedTags);
        targets = List.copyOf(targets);
    }

    /**
     * True when every selected tag and every referrer is in sync (or planned, in a dry run) on every target and the
     * source was read.
     */
    public boolean succeeded() {
        return sourceError == null && targets.stream()
                .allMatch(t -> t.count(TagState.FAILED) == 0 && t.countReferrers(TagState.FAILED) == 0);
    }
}
