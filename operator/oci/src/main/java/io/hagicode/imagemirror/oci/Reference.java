package io.hagicode.imagemirror.oci;

/**
 * What a manifest request names: a {@link Tag} or a {@link Digest}, each checked when made (as go-containerregistry's
 * {@code name.Reference}). {@link #toString()} is the wire form, the last path segment of
 * {@code /v2/<name>/manifests/<reference>}.
 */
public sealed interface Reference permits Tag, Digest {

    /**
     * Parses text that may be either. The OCI tag grammar has no colon and every digest has one, so the colon decides;
     * the message quotes the value.
     */
    static Reference parse(String value) {
        if (value != null && value.indexOf(':') >= 0) {
            return Digest.parse(value);
        }
        if (!ImageReference.isValidTag(value)) {
            throw new IllegalArgumentException("invalid manifest reference '" + value + "': expected a tag or a digest");
        }
        return new Tag(value);
    }

    /** How messages name this reference in {@code repository}: {@code repo:tag} or {@code repo@sha256:...}. */
    String in(Repository repository);
}
