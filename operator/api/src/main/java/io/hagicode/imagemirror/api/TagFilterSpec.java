package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Which tags to mirror; see docs/crd-reference.md for the exact order of the rules. */
public class TagFilterSpec {
    @Size(max = FieldLimits.MAX_TAG_PATTERNS)
    @JsonPropertyDescription("Java regular expressions; a tag must fully match one of them (when any are given).")
    private List<@Size(max = FieldLimits.TAG_PATTERN_LENGTH) String> include = new ArrayList<>();

    @Size(max = FieldLimits.MAX_TAG_PATTERNS)
    @JsonPropertyDescription("Java regular expressions; a tag that fully matches any of them is skipped.")
    private List<@Size(max = FieldLimits.TAG_PATTERN_LENGTH) String> exclude = new ArrayList<>();

    @Size(max = FieldLimits.SEMVER_RANGE_LENGTH)
    @JsonPropertyDescription("A semantic-version range such as '>=1.0.0 <2.0.0' or '^1.2'. Applies to tags that are "
            + "versions (an optional leading v); other tags are left to include/exclude.")
    private String semver;

    @Min(1)
    @JsonPropertyDescription("Of the version tags left, keep only the N highest.")
    private Integer latest;

    public List<String> getInclude() {
        return include;
    }

    public void setInclude(List<String> include) {
        this.include = include == null ? new ArrayList<>() : include;
    }

    public List<String> getExclude() {
        return exclude;
    }

    public void setExclude(List<String> exclude) {
        this.exclude = exclude == null ? new ArrayList<>() : exclude;
    }

    public String getSemver() {
        return semver;
    }

    public void setSemver(String semver) {
        this.semver = semver;
    }

    public Integer getLatest() {
        return latest;
    }

    public void setLatest(Integer latest) {
        this.latest = latest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagFilterSpec t && include.equals(t.include) && exclude.equals(t.exclude)
                && Objects.equals(semver, t.semver) && Objects.equals(latest, t.latest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(include, exclude, semver, latest);
    }
}
