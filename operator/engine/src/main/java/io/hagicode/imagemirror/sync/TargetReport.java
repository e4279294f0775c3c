package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Repository;
import java.util.List;

/** Every selected tag's outcome on one target, in tag order, and the blob bytes uploaded to it. */
public record TargetReport(Repository repository, List<TagOutcome> tags, long bytesCopied) {
    public TargetReport {
        tags = List.copyOf(tags);
    }

    public TargetReport(Repository repository, List<TagOutcome> tags) {
        this(repository, tags, 0);
    }

    public long count(TagState state) {
        return tags.stream().filter(t -> t.state() == state).count();
    }
}
