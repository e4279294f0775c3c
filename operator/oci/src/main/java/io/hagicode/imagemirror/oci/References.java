package io.hagicode.imagemirror.oci;

import java.util.HexFormat;

/** What a manifest request names, a tag or a digest, and how messages spell it. */
final class References {
    private References() {
    }

    /** The reference, checked: a valid tag or a valid digest. */
    static String validated(String reference) {
        if (reference != null && reference.contains(":")) {
            Digest.parse(reference);
            return reference;
        }
        if (!ImageReference.isValidTag(reference)) {
            throw new IllegalArgumentException("invalid manifest reference '" + reference + "': expected a tag or a digest");
        }
        return reference;
    }

    /** The digest when {@code reference} is one, else null. */
    static Digest digestOrNull(String reference) {
        return reference.contains(":") ? Digest.parse(reference) : null;
    }

    /** {@code repo:tag} or {@code repo@sha256:...}. */
    static String describe(Repository repository, String reference) {
        return repository + (reference != null && reference.contains(":") ? "@" : ":") + reference;
    }

    /** The digest of {@code bytes} in the algorithm of {@code like}. */
    static Digest digestOf(byte[] bytes, Digest like) {
        String algorithm = like == null ? "sha256" : like.algorithm();
        return new Digest(algorithm, HexFormat.of().formatHex(Digest.newMessageDigest(algorithm).digest(bytes)));
    }
}
