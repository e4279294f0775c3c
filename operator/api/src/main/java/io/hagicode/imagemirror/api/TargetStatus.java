package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One target's state after the last sync. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetStatus {
    /** How many failed tags an entry lists; the limit itself lives with the schema's others in {@link FieldLimits}. */
    public static final int MAX_FAILED_TAGS = FieldLimits.MAX_FAILED_TAGS;

    @Required
    @Size(max = FieldLimits.REPOSITORY_LENGTH)
    @JsonPropertyDescription("The target repository as the spec names it.")
    private String repository;

    @Size(max = FieldLimits.PULL_REFERENCE_LENGTH)
    @JsonPropertyDescription("What users put in 'docker pull', e.g. registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode:TAG.")
    private String pullReference;

    @Min(0)
    @JsonPropertyDescription("How many selected tags are in sync on this target.")
    private Integer tagsInSync;

    @Min(0)
    @JsonPropertyDescription("How many selected tags failed on this target.")
    private Integer tagsFailed;

    @ListMapKeys("tag")
    @Size(max = FieldLimits.MAX_FAILED_TAGS)
    @JsonPropertyDescription("Up to " + FieldLimits.MAX_FAILED_TAGS + " failed tags with their reasons.")
    private List<FailedTag> failedTags = new ArrayList<>();

    @JsonPropertyDescription("True when TLS is not verified (or plain HTTP is allowed) for this registry.")
    private Boolean insecure;

    @Pattern("^(Allowed|Denied|Unknown)$")
    @Size(max = FieldLimits.ANONYMOUS_PULL_LENGTH)
    @JsonPropertyDescription("Allowed, Denied or Unknown: what an anonymous manifest HEAD of a tag in sync got after the "
            + "last sync (Unknown: no tag to probe, or no clear answer).")
    private String anonymousPull;

    @Min(0)
    @JsonPropertyDescription("Seconds from the last push event (the sender's timestamp, else its arrival) to the tag "
            + "being present on this target.")
    private Double lastPropagationSeconds;

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository;
    }

    public String getPullReference() {
        return pullReference;
    }

    public void setPullReference(String pullReference) {
        this.pullReference = pullReference;
    }

    public Integer getTagsInSync() {
        return tagsInSync;
    }

    public void setTagsInSync(Integer tagsInSync) {
        this.tagsInSync = tagsInSync;
    }

    public Integer getTagsFailed() {
        return tagsFailed;
    }

    public void setTagsFailed(Integer tagsFailed) {
        this.tagsFailed = tagsFailed;
    }

    public List<FailedTag> getFailedTags() {
        return failedTags;
    }

    public void setFailedTags(List<FailedTag> failedTags) {
        this.failedTags = failedTags == null ? new ArrayList<>() : failedTags;
    }

    public Boolean getInsecure() {
        return insecure;
    }

    public void setInsecure(Boolean insecure) {
        this.insecure = insecure;
    }

    public String getAnonymousPull() {
        return anonymousPull;
    }

    public void setAnonymousPull(String anonymousPull) {
        this.anonymousPull = anonymousPull;
    }

    public Double getLastPropagationSeconds() {
        return lastPropagationSeconds;
    }

    public void setLastPropagationSeconds(Double lastPropagationSeconds) {
        this.lastPropagationSeconds = lastPropagationSeconds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetStatus t && Objects.equals(repository, t.repository)
                && Objects.equals(pullReference, t.pullReference) && Objects.equals(tagsInSync, t.tagsInSync)
                && Objects.equals(tagsFailed, t.tagsFailed) && Objects.equals(failedTags, t.failedTags)
                && Objects.equals(insecure, t.insecure) && Objects.equals(anonymousPull, t.anonymousPull)
                && Objects.equals(lastPropagationSeconds, t.lastPropagationSeconds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(repository, pullReference, tagsInSync, tagsFailed, failedTags, insecure, anonymousPull,
                lastPropagationSeconds);
    }

    /** A failed tag and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class FailedTag {
        @Required
        @Size(max = FieldLimits.OUTCOME_NAME_LENGTH)
        @JsonPropertyDescription("The tag that could not be mirrored to this target; for a digest pin @sha256:..., "
                + "or tag@sha256:... when the pin names a tag.")
        private String tag;

        @Size(max = FieldLimits.FAILED_TAG_REASON_LENGTH)
        @JsonPropertyDescription("Why, in one line.")
        private String reason;

        public FailedTag() {
        }

        public FailedTag(String tag, String reason) {
            this.tag = tag;
            this.reason = reason;
        }

        public String getTag() {
            return tag;
        }

        public void setTag(String tag) {
            this.tag = tag;
        }

        public String getReason() {
            return reason;
        }

        public void setReason(String reason) {
            this.reason = reason;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FailedTag f && Objects.equals(tag, f.tag) && Objects.equals(reason, f.reason);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tag, reason);
        }
    }
}
