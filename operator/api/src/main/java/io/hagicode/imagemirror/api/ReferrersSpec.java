package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code spec.referrers}: which signatures, attestations and SBOMs travel with the mirrored images. The mode is a
 * string with a pattern rather than a Java enum, so that a wrong value in a CLI file is reported as a field and a
 * value like every other problem ({@link SpecChecks}), not as a parse failure. That Types needs artifact types and the
 * other modes take none is checked there too, not by a CEL rule: the rule needs {@code has()}, which the CRD's cost
 * check (CelCostEstimator) does not model yet; the operator reports such a spec as invalid in its Ready condition.
 */
public class ReferrersSpec {
    public static final String ALL = "All";
    public static final String NONE = "None";
    public static final String TYPES = "Types";

    @Default(SpecDefaults.REFERRERS_MODE)
    @Size(max = FieldLimits.REFERRERS_MODE_LENGTH)
    @Pattern(FieldLimits.REFERRERS_MODE_PATTERN)
    @JsonPropertyDescription("All (default): every referrer of a mirrored manifest travels with it, as cosign tags "
            + "(sha256-<hex>.sig, .att, .sbom), OCI 1.1 referrers, or the fallback tag index sha256-<hex>. None: none "
            + "do. Types: only those whose artifact type is listed in artifactTypes.")
    private String mode;

    @Size(max = FieldLimits.MAX_ARTIFACT_TYPES)
    @JsonPropertyDescription("With mode Types: the artifact types that travel, e.g. "
            + "application/vnd.dev.cosign.simplesigning.v1+json. A cosign .sig tag counts as that type, .att as "
            + "application/vnd.dsse.envelope.v1+json, .sbom as text/spdx.")
    private List<@Size(max = FieldLimits.MEDIA_TYPE_LENGTH) @Pattern(FieldLimits.MEDIA_TYPE_PATTERN) String>
            artifactTypes = new ArrayList<>();

    public ReferrersSpec() {
    }

    public ReferrersSpec(String mode, List<String> artifactTypes) {
        this.mode = mode;
        setArtifactTypes(artifactTypes);
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public List<String> getArtifactTypes() {
        return artifactTypes;
    }

    public void setArtifactTypes(List<String> artifactTypes) {
        this.artifactTypes = artifactTypes == null ? new ArrayList<>() : artifactTypes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReferrersSpec r && Objects.equals(mode, r.mode) && artifactTypes.equals(r.artifactTypes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, artifactTypes);
    }
}
