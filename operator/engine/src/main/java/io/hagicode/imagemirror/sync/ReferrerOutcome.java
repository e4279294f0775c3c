package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.RegistryErrorKind;

/**
 * One referrer on one target: a cosign tag ({@code sha256-<hex>.sig}), a fallback tag index ({@code sha256-<hex>}) or
 * a referrer manifest by digest ({@code name} is then the digest). {@code subject} is the manifest it refers to.
 * Referrers are reported apart from tags: they are never selected tags and never counted as such.
 */
public record ReferrerOutcome(String subject, String name, TagState state, String digest, String error,
                              RegistryErrorKind errorKind) {
    public static final String KIND = "referrer";

    /** What this outcome is about, as reports name it: always {@value #KIND}. */
    public String kind() {
        return KIND;
    }

    static ReferrerOutcome of(String subject, TagOutcome outcome) {
        return new ReferrerOutcome(subject, outcome.tag(), outcome.state(), outcome.digest(), outcome.error(),
                outcome.errorKind());
    }
}
