package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One target's state after the last sync. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetStatus {
    /** Status stays small: a repository with hundreds of failing tags lists only the first few. */
    public static final int MAX_FAILED_TAGS = 10;

    private String repository;

    @JsonPropertyDescription("What users put in 'docker pull', e.g. registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode:TAG.")
    private String pullReference;

    private Integer tagsInSync;
    private Integer tagsFailed;

    @JsonPropertyDescription("Up to 10 failed tags with their reasons.")
    private List<FailedTag> failedTags = new ArrayList<>();

    @JsonPropertyDescription("True when TLS is not verified (or plain HTTP is allowed) for this registry.")
    private Boolean insecure;

    @JsonPropertyDescription("Allowed, Denied or Unknown: what an anonymous manifest HEAD of a tag in sync got after the "
            + "last sync (Unknown: no tag to probe, or no clear answer).")
    private String anonymousPull;

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

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetStatus t && Objects.equals(repository, t.repository)
                && Objects.equals(pullReference, t.pullReference) && Objects.equals(tagsInSync, t.tagsInSync)
                && Objects.equals(tagsFailed, t.tagsFailed) && Objects.equals(failedTags, t.failedTags)
                && Objects.equals(insecure, t.insecure) && Objects.equals(anonymousPull, t.anonymousPull);
    }

    @Override
    public int hashCode() {
        return Objects.hash(repository, pullReference, tagsInSync, tagsFailed, failedTags, insecure, anonymousPull);
    }

    /** A failed tag and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class FailedTag {
        private String tag;
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
