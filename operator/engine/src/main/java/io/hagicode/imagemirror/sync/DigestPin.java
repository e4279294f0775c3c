package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Reference;
import io.hagicode.imagemirror.oci.Tag;
import java.util.Objects;
import java.util.Optional;

/**
 * A source manifest mirrored by digest, whatever the source's tags say. It is copied as is (children, blobs, same
 * checks as a tag) and pushed by digest, or under {@code tag} when one is named: a tag PUT also stores the manifest by
 * its digest, so one PUT does both.
 */
public record DigestPin(Digest digest, Optional<String> tag) {
    public DigestPin {
        Objects.requireNonNull(digest, "digest");
        tag = Objects.requireNonNullElse(tag, Optional.empty());
    }

    public static DigestPin untagged(Digest digest) {
        return new DigestPin(digest, Optional.empty());
    }

    /**
     * The name of the pin's outcome in reports, in a target's list next to the tags: {@code @sha256:…}, or
     * {@code tag@sha256:…} when the pin names a tag. No tag contains {@code @}, so it cannot collide with one.
     */
    public String outcomeName() {
        return tag.orElse("") + "@" + digest;
    }

    /** Whether an outcome (by its name) is a pin's rather than a tag's. */
    public static boolean isPinOutcome(String name) {
        return name.contains("@");
    }

    /** Where the pin is written, and looked for, on a target. */
    Reference targetReference() {
        return tag.<Reference>map(Tag::new).orElse(digest);
    }
}
