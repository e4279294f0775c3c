package io.hagicode.imagemirror.oci;

import java.util.regex.Pattern;

/** A repository with an optional tag and digest: {@code host[:port]/path[:tag][@digest]}. */
public record ImageReference(Repository repository, String tag, Digest digest) {
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    /** What Docker prints as an image ID; as a name it would be ambiguous, so distribution/reference refuses it. */
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");

    public ImageReference {
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("invalid tag '" + tag + "' in reference to " + repository
                    + ": a tag is 1-128 of letters, digits, '_', '.' and '-', not starting with '.' or '-'");
        }
    }

    public static boolean isValidTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    /** Parses a reference; every error message quotes the value. */
    public static ImageReference parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("invalid reference '" + value + "': it is empty");
        }
        if (!value.equals(value.strip()) || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid reference '" + value + "': it contains white space");
        }
        if (IMAGE_ID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid reference '" + value + "': 64 hexadecimal characters read as an "
                    + "image ID; name the registry to mean a repository, e.g. docker.io/library/" + value);
        }
        String rest = value;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid reference '" + value + "': " + e.getMessage(), e);
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("invalid reference '" + value + "': '" + tag + "' is not a valid tag");
            }
        }
        return new ImageReference(Repository.split(rest, value), tag, digest);
    }

    /** What a registry request names: the digest when there is one, else the tag. */
    public String reference() {
        return digest != null ? digest.toString() : tag;
    }

    @Override
    public String toString() {
        return repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
