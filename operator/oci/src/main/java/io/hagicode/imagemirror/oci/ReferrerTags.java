package io.hagicode.imagemirror.oci;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tags that stand for referrers where a registry has no referrers API: OCI 1.1's fallback tag
 * {@code <alg>-<hex>} (an index of the subject's referrers) and cosign's {@code sha256-<hex>.sig}, {@code .att} and
 * {@code .sbom}. A tag holds at most 128 characters, so a sha512 subject's tag is truncated as the distribution spec
 * says (the first 64 hex characters); such tags are still recognised by their prefix.
 */
public final class ReferrerTags {
    /** Cosign's suffixes, with the artifact type each stands for when a policy selects referrers by type. */
    public enum Cosign {
        SIG(".sig", "application/vnd.dev.cosign.simplesigning.v1+json"),
        ATT(".att", "application/vnd.dsse.envelope.v1+json"),
        SBOM(".sbom", "text/spdx");

        private final String suffix;
        private final String artifactType;

        Cosign(String suffix, String artifactType) {
            this.suffix = suffix;
            this.artifactType = artifactType;
        }

        public String suffix() {
            return suffix;
        }

        public String artifactType() {
            return artifactType;
        }
    }

    private static final Pattern REFERRER_TAG =
            Pattern.compile("(sha256|sha512)-([a-f0-9]{64})(\\.sig|\\.att|\\.sbom)?");

    private ReferrerTags() {
    }

    /** The fallback tag of {@code subject}: {@code sha256-<hex>}. */
    public static Tag fallback(Digest subject) {
        String hex = subject.hex();
        return new Tag(subject.algorithm() + "-" + hex.substring(0, Math.min(hex.length(), 64)));
    }

    /** The cosign tag of {@code subject} with {@code kind}'s suffix, e.g. {@code sha256-<hex>.sig}. */
    public static Tag cosign(Digest subject, Cosign kind) {
        return new Tag(fallback(subject).name() + kind.suffix());
    }

    /** True for a fallback or cosign tag, which a sync carries with its subject rather than as a tag of its own. */
    public static boolean isReferrerTag(String tag) {
        return REFERRER_TAG.matcher(tag).matches();
    }

    /** The subject a fallback or cosign tag names, e.g. {@code sha256:<hex>} for {@code sha256-<hex>.sig}. */
    public static Optional<Digest> subjectOf(String tag) {
        Matcher m = REFERRER_TAG.matcher(tag);
        return m.matches() ? Optional.of(Digest.parse(m.group(1) + ":" + m.group(2))) : Optional.empty();
    }

    /** The cosign kind of {@code tag}, when it is a cosign tag. */
    public static Optional<Cosign> cosignKind(String tag) {
        Matcher m = REFERRER_TAG.matcher(tag);
        if (!m.matches() || m.group(3) == null) {
            return Optional.empty();
        }
        for (Cosign kind : Cosign.values()) {
            if (kind.suffix().equals(m.group(3))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
