package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.RegistryErrorKind;

/**
 * One referrer on one target: a cosign tag ({@code sha256-<hex>.sig}), a fallback tag index ({@code sha256-<hex>}) or
 * a referrer manifest by digest ({@code name} is then the digest). {@code subject} is the manifest it refers to.
 * Referrers are reported apart from tags: they are never selected tags and never counted as such.
 * {@code artifactType} is set where the cosign tag's suffix or the referrers list says it; {@code reason}, why the
 * target needed it, only when it was (or in a dry run would be) copied.
 */
public record ReferrerOutcome(String subject, String name, TagState state, String digest, String error,
                              RegistryErrorKind errorKind, String artifactType, String reason) {
    public static final String KIND = "referrer";

    public ReferrerOutcome(String subject, String name, TagState state, String digest, String error,
                           RegistryErrorKind errorKind) {
        this(subject, name, state, digest, error, errorKind, null, null);
    }

    /** What this outcome is about, as reports name it: always {@value #KIND}. */
    public String kind() {
        return KIND;
    }

    static ReferrerOutcome of(String subject, TagOutcome outcome, String artifactType, String reason) {
        boolean moved = outcome.state() == TagState.COPIED || outcome.state() == TagState.PLANNED;
        return new ReferrerOutcome(subject, outcome.tag(), outcome.state(), outcome.digest(), outcome.error(),
                outcome.errorKind(), artifactType, moved ? reason : null);
    }
}
