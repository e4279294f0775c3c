package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed. Written only by the operator; never holds a credential. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageMirrorStatus {
    @Min(0)
    @JsonPropertyDescription("The spec generation the status describes.")
    private Long observedGeneration;

    @SchemaFrom(type = ConditionSchema.List.class)
    @ListMapKeys("type")
    @Size(max = FieldLimits.MAX_CONDITIONS)
    @JsonPropertyDescription("Ready, Syncing and (when a target is public) PublicPull, with CamelCase reasons (see "
            + "docs/crd-reference.md).")
    private List<Condition> conditions = new ArrayList<>();

    @DateTime
    @JsonPropertyDescription("When the last sync finished.")
    private String lastSyncTime;

    @DateTime
    @JsonPropertyDescription("When a sync last left every selected tag in sync on every target.")
    private String lastSuccessfulSyncTime;

    @DateTime
    @JsonPropertyDescription("When the next scheduled sync is due.")
    private String nextSyncTime;

    @Min(0)
    @JsonPropertyDescription("How many source tags the filters selected in the last sync.")
    private Integer selectedTags;

    @Min(0)
    @JsonPropertyDescription("How many targets the spec names.")
    private Integer targetCount;

    @Size(max = FieldLimits.ANNOTATION_VALUE_LENGTH)
    @JsonPropertyDescription("The mirror.hagicode.io/requested-at annotation value last acted on.")
    private String lastHandledRequestedAt;

    @Size(max = FieldLimits.SECRETS_VERSION_LENGTH)
    @JsonPropertyDescription("A digest of the names and resourceVersions of the Secrets the spec references, as the "
            + "last sync (or attempt to start one) read them; none of their data. After AuthenticationFailed, a change "
            + "to one of them retries the sync at once.")
    private String secretsVersion;

    @ListMapKeys("repository")
    @Size(max = FieldLimits.MAX_TARGETS)
    @JsonPropertyDescription("Per target results of the last sync.")
    private List<TargetStatus> targets = new ArrayList<>();

    @JsonPropertyDescription("Counters of the last sync.")
    private LastSyncSummary lastSync;

    @Size(max = FieldLimits.WEBHOOK_PATH_LENGTH)
    @JsonPropertyDescription("Where registry webhooks for this mirror are received, on the operator's webhook port "
            + "(set when spec.webhook is and its Secret holds a token). Derived from the token, the namespace and the "
            + "name, so it is as secret as the token.")
    private String webhookPath;

    @JsonPropertyDescription("The last push event received for the source repository.")
    private WebhookEvent lastEvent;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    public String getLastSyncTime() {
        return lastSyncTime;
    }

    public void setLastSyncTime(String lastSyncTime) {
        this.lastSyncTime = lastSyncTime;
    }

    public String getLastSuccessfulSyncTime() {
        return lastSuccessfulSyncTime;
    }

    public void setLastSuccessfulSyncTime(String lastSuccessfulSyncTime) {
        this.lastSuccessfulSyncTime = lastSuccessfulSyncTime;
    }

    public String getNextSyncTime() {
        return nextSyncTime;
    }

    public void setNextSyncTime(String nextSyncTime) {
        this.nextSyncTime = nextSyncTime;
    }

    public Integer getSelectedTags() {
        return selectedTags;
    }

    public void setSelectedTags(Integer selectedTags) {
        this.selectedTags = selectedTags;
    }

    public Integer getTargetCount() {
        return targetCount;
    }

    public void setTargetCount(Integer targetCount) {
        this.targetCount = targetCount;
    }

    public String getLastHandledRequestedAt() {
        return lastHandledRequestedAt;
    }

    public void setLastHandledRequestedAt(String lastHandledRequestedAt) {
        this.lastHandledRequestedAt = lastHandledRequestedAt;
    }

    public String getSecretsVersion() {
        return secretsVersion;
    }

    public void setSecretsVersion(String secretsVersion) {
        this.secretsVersion = secretsVersion;
    }

    public List<TargetStatus> getTargets() {
        return targets;
    }

    public void setTargets(List<TargetStatus> targets) {
        this.targets = targets == null ? new ArrayList<>() : targets;
    }

    public LastSyncSummary getLastSync() {
        return lastSync;
    }

    public void setLastSync(LastSyncSummary lastSync) {
        this.lastSync = lastSync;
    }

    public String getWebhookPath() {
        return webhookPath;
    }

    public void setWebhookPath(String webhookPath) {
        this.webhookPath = webhookPath;
    }

    public WebhookEvent getLastEvent() {
        return lastEvent;
    }

    public void setLastEvent(WebhookEvent lastEvent) {
        this.lastEvent = lastEvent;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageMirrorStatus s && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(conditions, s.conditions) && Objects.equals(lastSyncTime, s.lastSyncTime)
                && Objects.equals(lastSuccessfulSyncTime, s.lastSuccessfulSyncTime)
                && Objects.equals(nextSyncTime, s.nextSyncTime) && Objects.equals(selectedTags, s.selectedTags)
                && Objects.equals(targetCount, s.targetCount)
                && Objects.equals(lastHandledRequestedAt, s.lastHandledRequestedAt)
                && Objects.equals(secretsVersion, s.secretsVersion)
                && Objects.equals(targets, s.targets) && Objects.equals(lastSync, s.lastSync)
                && Objects.equals(webhookPath, s.webhookPath) && Objects.equals(lastEvent, s.lastEvent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions, lastSyncTime, lastSuccessfulSyncTime, nextSyncTime,
                selectedTags, targetCount, lastHandledRequestedAt, secretsVersion, targets, lastSync,
                webhookPath, lastEvent);
    }
}
