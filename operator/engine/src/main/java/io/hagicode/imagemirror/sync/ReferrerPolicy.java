package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Platform;
import java.util.List;
import java.util.Objects;

/**
 * Which referrers (signatures, attestations, SBOMs) travel with the images a sync mirrors: every one ({@link Mode#ALL},
 * the default: a mirror should be as verifiable as its source), none, or those whose artifact type is listed. A cosign
 * tag counts as the type its suffix stands for ({@link io.hagicode.imagemirror.oci.ReferrerTags.Cosign}).
 */
public record ReferrerPolicy(Mode mode, List<String> artifactTypes) {
    public enum Mode { ALL, NONE, TYPES }

    public static final ReferrerPolicy ALL = new ReferrerPolicy(Mode.ALL, List.of());
    public static final ReferrerPolicy NONE = new ReferrerPolicy(Mode.NONE, List.of());

    public ReferrerPolicy {
        Objects.requireNonNull(mode, "mode");
        artifactTypes = List.copyOf(artifactTypes);
        if (mode == Mode.TYPES && artifactTypes.isEmpty()) {
            throw new IllegalArgumentException("referrers mode Types needs at least one artifact type");
        }
        if (mode != Mode.TYPES && !artifactTypes.isEmpty()) {
            throw new IllegalArgumentException("referrers artifact types apply only to mode Types, not " + mode);
        }
    }

    public static ReferrerPolicy types(List<String> artifactTypes) {
        return new ReferrerPolicy(Mode.TYPES, artifactTypes);
    }

    public boolean enabled() {
        return mode != Mode.NONE;
    }

    /**
     * True when referrers travel with a mirror of {@code platforms}: never with a platform filter, whose filtered index
     * has a digest of its own that the source's signatures do not sign (they would name a subject the target lacks).
     */
    public boolean travelsWith(List<Platform> platforms) {
        return enabled() && platforms.isEmpty();
    }

    /** True when a referrer of {@code artifactType} (null when its registry did not say) travels. */
    public boolean accepts(String artifactType) {
        return switch (mode) {
            case ALL -> true;
            case NONE -> false;
            case TYPES -> artifactType != null && artifactTypes.contains(artifactType);
        };
    }

    /** The filter to hand the referrers API: one type, or null (several types are filtered here). */
    String apiFilter() {
        return mode == Mode.TYPES && artifactTypes.size() == 1 ? artifactTypes.get(0) : null;
    }
}
