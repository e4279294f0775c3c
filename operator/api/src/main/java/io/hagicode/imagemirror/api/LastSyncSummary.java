package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/** Counters of the last sync, summed over its targets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LastSyncSummary {
    @Min(0)
    @JsonPropertyDescription("Tags written to a target (new or changed), counted once per target.")
    private Integer tagsCopied;

    @JsonPropertyDescription("Referrers (signatures, attestations, SBOMs, fallback tag indexes) written to a target "
            + "with their images, counted once per target; not tags.")
    private Long referrersCopied;

    @Min(0)
    @JsonPropertyDescription("Blobs streamed to a target, counted once per target.")
    private Long blobsCopied;

    @Min(0)
    @JsonPropertyDescription("Blobs a target got by cross-repository mount instead of an upload, counted once per target.")
    private Long blobsMounted;

    @Min(0)
    @JsonPropertyDescription("Bytes streamed to the targets, all targets together.")
    private Long bytesCopied;

    @Min(0)
    @JsonPropertyDescription("How long the sync took.")
    private Double durationSeconds;

    public Long getReferrersCopied() {
        return referrersCopied;
    }

    public void setReferrersCopied(Long referrersCopied) {
        this.referrersCopied = referrersCopied;
    }

    public Integer getTagsCopied() {
        return tagsCopied;
    }

    public void setTagsCopied(Integer tagsCopied) {
        this.tagsCopied = tagsCopied;
    }

    public Long getBlobsCopied() {
        return blobsCopied;
    }

    public void setBlobsCopied(Long blobsCopied) {
        this.blobsCopied = blobsCopied;
    }

    public Long getBlobsMounted() {
        return blobsMounted;
    }

    public void setBlobsMounted(Long blobsMounted) {
        this.blobsMounted = blobsMounted;
    }

    public Long getBytesCopied() {
        return bytesCopied;
    }

    public void setBytesCopied(Long bytesCopied) {
        this.bytesCopied = bytesCopied;
    }

    public Double getDurationSeconds() {
        return durationSeconds;
    }

    public void setDurationSeconds(Double durationSeconds) {
        this.durationSeconds = durationSeconds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LastSyncSummary s && Objects.equals(tagsCopied, s.tagsCopied)
                && Objects.equals(referrersCopied, s.referrersCopied)
                && Objects.equals(blobsCopied, s.blobsCopied) && Objects.equals(blobsMounted, s.blobsMounted)
                && Objects.equals(bytesCopied, s.bytesCopied) && Objects.equals(durationSeconds, s.durationSeconds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tagsCopied, referrersCopied, blobsCopied, blobsMounted, bytesCopied, durationSeconds);
    }
}
