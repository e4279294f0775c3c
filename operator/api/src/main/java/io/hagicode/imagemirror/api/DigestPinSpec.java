package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** One source manifest mirrored by digest: {@code spec.digests[i]}. */
public class DigestPinSpec {
    @Required
    @Size(max = FieldLimits.DIGEST_LENGTH)
    @Pattern(FieldLimits.DIGEST_PATTERN)
    @JsonPropertyDescription("The manifest's digest at the source, sha256:<64 hex digits>. The manifest (an index with "
            + "its children, or an image) is copied as is and pushed by digest.")
    private String digest;

    @Size(max = FieldLimits.TAG_LENGTH)
    @Pattern(FieldLimits.TAG_PATTERN)
    @JsonPropertyDescription("Optional: a tag to push the pinned manifest under at every target. Without it, the "
            + "manifest is pushed by digest only and no tag appears.")
    private String tag;

    public DigestPinSpec() {
    }

    public DigestPinSpec(String digest, String tag) {
        this.digest = digest;
        this.tag = tag;
    }

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }

    public String getTag() {
        return tag;
    }

    public void setTag(String tag) {
        this.tag = tag;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DigestPinSpec p && Objects.equals(digest, p.digest) && Objects.equals(tag, p.tag);
    }

    @Override
    public int hashCode() {
        return Objects.hash(digest, tag);
    }
}
