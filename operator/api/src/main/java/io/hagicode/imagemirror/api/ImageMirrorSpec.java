package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to mirror, where, and when. Shared by the CLI's YAML files and the custom resource.
 * <p>
 * Distinct targets need no rule: {@code targets} is a list-map keyed by repository, so the API server itself refuses
 * a repeated one. The rule below compares each target with the source once; with the lengths bounded in
 * {@link FieldLimits} its worst case costs about a thousand units of the API server's ten-million budget
 * (CrdApiServerRulesTest prints the figure). The app's SpecValidator checks both again after normalisation
 * ({@code nginx} and {@code docker.io/library/nginx} are one repository), which needs the engine's reference grammar.
 */
@ValidationRule(value = "self.targets.all(t, t.repository != self.source.repository)",
        message = "a target must differ from the source")
public class ImageMirrorSpec {
    @Required
    @JsonPropertyDescription("The repository to mirror from.")
    private RepositorySpec source;

    @Required
    @Size(min = 1, max = FieldLimits.MAX_TARGETS)
    @ListMapKeys("repository")
    @JsonPropertyDescription("The repositories to mirror to, each named once.")
    private List<RepositorySpec> targets = new ArrayList<>();

    @JsonPropertyDescription("Which tags to mirror. Default: every tag, or none when digests are given.")
    private TagFilterSpec tags;

    @Size(max = FieldLimits.MAX_DIGEST_PINS)
    @JsonPropertyDescription("Manifests to mirror by digest, besides the selected tags; each is pushed by digest, or "
            + "under its tag when one is named. Not with platforms: a pinned manifest is copied as is.")
    private List<DigestPinSpec> digests = new ArrayList<>();

    @Size(max = FieldLimits.MAX_PLATFORMS)
    @JsonPropertyDescription("os/arch[/variant] entries, e.g. linux/amd64. Default: every platform, digests preserved.")
    private List<@Size(max = FieldLimits.PLATFORM_LENGTH) String> platforms = new ArrayList<>();

    @JsonPropertyDescription("Which signatures, attestations and SBOMs travel with the mirrored images. Default: all "
            + "of them (mode All).")
    private ReferrersSpec referrers;

    @Default(SpecDefaults.SCHEDULE)
    @Size(max = FieldLimits.SCHEDULE_LENGTH)
    @JsonPropertyDescription("When to sync: a cron expression of 5 fields (minute hour day-of-month month day-of-week) "
            + "or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly.")
    private String schedule;

    @Default(SpecDefaults.TIME_ZONE)
    @Size(max = FieldLimits.TIME_ZONE_LENGTH)
    @JsonPropertyDescription("IANA time zone the schedule is evaluated in, e.g. UTC or Asia/Shanghai.")
    private String timeZone;

    @Default(SpecDefaults.SUSPEND)
    @JsonPropertyDescription("When true, no sync runs; a sync in flight is cancelled.")
    private Boolean suspend;

    @Min(SpecDefaults.MIN_CONCURRENCY)
    @Max(SpecDefaults.MAX_CONCURRENCY)
    @Default(SpecDefaults.CONCURRENCY)
    @JsonPropertyDescription("Blob transfers in flight for this mirror (image-syncer's --proc).")
    private Integer concurrency;

    @Min(SpecDefaults.MIN_RETRIES)
    @Max(SpecDefaults.MAX_RETRIES)
    @Default(SpecDefaults.RETRIES)
    @JsonPropertyDescription("Extra attempts per failed request (image-syncer's --retries).")
    private Integer retries;

    @JsonPropertyDescription("Opt in to event-driven syncs: registry webhooks that name the source repository sync "
            + "the pushed tag at once. The schedule still runs as a safety net.")
    private WebhookSpec webhook;

    public RepositorySpec getSource() {
        return source;
    }

    public void setSource(RepositorySpec source) {
        this.source = source;
    }

    public List<RepositorySpec> getTargets() {
        return targets;
    }

    public void setTargets(List<RepositorySpec> targets) {
        this.targets = targets == null ? new ArrayList<>() : targets;
    }

    public TagFilterSpec getTags() {
        return tags;
    }

    public void setTags(TagFilterSpec tags) {
        this.tags = tags;
    }

    public List<DigestPinSpec> getDigests() {
        return digests;
    }

    public void setDigests(List<DigestPinSpec> digests) {
        this.digests = digests == null ? new ArrayList<>() : digests;
    }

    public List<String> getPlatforms() {
        return platforms;
    }

    public void setPlatforms(List<String> platforms) {
        this.platforms = platforms == null ? new ArrayList<>() : platforms;
    }

    public ReferrersSpec getReferrers() {
        return referrers;
    }

    public void setReferrers(ReferrersSpec referrers) {
        this.referrers = referrers;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public Integer getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(Integer concurrency) {
        this.concurrency = concurrency;
    }

    public Integer getRetries() {
        return retries;
    }

    public void setRetries(Integer retries) {
        this.retries = retries;
    }

    public WebhookSpec getWebhook() {
        return webhook;
    }

    public void setWebhook(WebhookSpec webhook) {
        this.webhook = webhook;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageMirrorSpec s && Objects.equals(source, s.source) && targets.equals(s.targets)
                && Objects.equals(tags, s.tags) && digests.equals(s.digests) && platforms.equals(s.platforms)
                && Objects.equals(referrers, s.referrers)
                && Objects.equals(schedule, s.schedule) && Objects.equals(timeZone, s.timeZone)
                && Objects.equals(suspend, s.suspend) && Objects.equals(concurrency, s.concurrency)
                && Objects.equals(retries, s.retries)
                && Objects.equals(webhook, s.webhook);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, targets, tags, digests, platforms, referrers, schedule, timeZone, suspend,
                concurrency, retries, webhook);
    }
}
