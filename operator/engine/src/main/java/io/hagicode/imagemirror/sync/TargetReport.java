package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Repository;
import java.util.List;

/**
 * Every selected tag's outcome on one target, in tag order, the blob bytes uploaded to it, and whether it can be
 * pulled without credentials (see {@link AnonymousPullProbe}).
 */
public record TargetReport(Repository repository, List<TagOutcome> tags, long bytesCopied,
                           AnonymousPullCheck anonymousPull) {
    public TargetReport {
        tags = List.copyOf(tags);
        if (anonymousPull == null) {
            anonymousPull = AnonymousPullCheck.NOT_CHECKED;
        }
    }

    public TargetReport(Repository repository, List<TagOutcome> tags, long bytesCopied) {
        this(repository, tags, bytesCopied, AnonymousPullCheck.NOT_CHECKED);
    }

    public TargetReport(Repository repository, List<TagOutcome> tags) {
        this(repository, tags, 0);
    }

    public long count(TagState state) {
        return tags.stream().filter(t -> t.state() == state).count();
    }

    public TargetReport withAnonymousPull(AnonymousPullCheck check) {
        return new TargetReport(repository, tags, bytesCopied, check);
    }
}
