package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Repository;
import java.util.List;

/**
 * Every selected tag's outcome on one target, in tag order, the blob bytes uploaded to it, whether it can be pulled
 * without credentials (see {@link AnonymousPullProbe}), and apart from the tags, the outcome of every referrer that
 * travelled with them.
 */
public record TargetReport(Repository repository, List<TagOutcome> tags, long bytesCopied,
                           AnonymousPullCheck anonymousPull, List<ReferrerOutcome> referrers) {
    public TargetReport {
        tags = List.copyOf(tags);
        if (anonymousPull == null) {
            anonymousPull = AnonymousPullCheck.NOT_CHECKED;
        }
        referrers = referrers == null ? List.of() : List.copyOf(referrers);
    }

    public TargetReport(Repository repository, List<TagOutcome> tags, long bytesCopied,
                        AnonymousPullCheck anonymousPull) {
        this(repository, tags, bytesCopied, anonymousPull, List.of());
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

    /** Referrers on this target in {@code state}. */
    public long countReferrers(TagState state) {
        return referrers.stream().filter(r -> r.state() == state).count();
    }

    public TargetReport withAnonymousPull(AnonymousPullCheck check) {
        return new TargetReport(repository, tags, bytesCopied, check, referrers);
    }

    public TargetReport withReferrers(List<ReferrerOutcome> outcomes) {
        return new TargetReport(repository, tags, bytesCopied, anonymousPull, outcomes);
    }
}
