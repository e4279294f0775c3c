package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Repository;
import java.util.List;

/** Every selected tag's outcome on one target, in tag order. */
public record TargetReport(Repository repository, List<TagOutcome> tags) {
    public TargetReport {
        tags = List.copyOf(tags);
    }

    public long count(TagState state) {
        return tags.stream().filter(t -> t.state() == state).count();
    }
}
