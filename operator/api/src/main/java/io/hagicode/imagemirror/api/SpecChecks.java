package io.hagicode.imagemirror.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks of a spec that need nothing but the model: required fields, regular expressions, the schedule and time
 * zone, numeric bounds, {@code public} on the source. Every problem is collected, so one run shows them all.
 * <p>
 * It also enforces the CRD's {@code maxLength} and {@code maxItems} ({@link FieldLimits}), which the API server checks
 * for the operator but nobody checks for the CLI, which reads the same spec from a file. A value over its limit is not
 * parsed further, so it is reported once.
 * <p>
 * What needs the engine's grammar (image references, platforms, semver ranges, and whether two references name one
 * repository) is checked where the engine is, in the app's {@code SpecValidator}, which runs these checks first and
 * reports its own findings in the same {@link SpecProblem} form. This module stays free of the engine and its HTTP
 * stack.
 */
public final class SpecChecks {

    private SpecChecks() {
    }

    /** Never throws: the problems, if any, are in the result, with the values that passed. */
    public static CheckedSpec check(ImageMirrorSpec spec) {
        List<SpecProblem> problems = new ArrayList<>();
        if (spec == null) {
            problems.add(new SpecProblem("spec", null, "is required"));
            return new CheckedSpec(problems, null, false, 0, 0);
        }
        endpoint("spec.source", spec.getSource(), problems);
        if (spec.getSource() != null && Boolean.TRUE.equals(spec.getSource().getPublic())) {
            problems.add(new SpecProblem("spec.source.public", "true", "applies to targets only (it asks that the "
                    + "public can pull from a target); remove it from the source"));
        }
        targets(spec, problems);
        tags(spec.getTags(), problems);
        digests(spec, problems);
        platforms(spec.getPlatforms(), problems);
        referrers(spec.getReferrers(), problems);
        Schedule schedule = schedule(spec, problems);
        int concurrency = bounded("spec.concurrency", spec.getConcurrency(), SpecDefaults.CONCURRENCY,
                SpecDefaults.MIN_CONCURRENCY, SpecDefaults.MAX_CONCURRENCY, problems);
        int retries = bounded("spec.retries", spec.getRetries(), SpecDefaults.RETRIES,
                SpecDefaults.MIN_RETRIES, SpecDefaults.MAX_RETRIES, problems);
        webhook(spec.getWebhook(), problems);
        boolean suspend = spec.getSuspend() != null ? spec.getSuspend() : Boolean.parseBoolean(SpecDefaults.SUSPEND);
        return new CheckedSpec(problems, schedule, suspend, concurrency, retries);
    }

    private static void webhook(WebhookSpec webhook, List<SpecProblem> problems) {
        if (webhook == null) {
            return;
        }
        if (webhook.getSecretRef() == null || webhook.getSecretRef().getName() == null
                || webhook.getSecretRef().getName().isBlank()) {
            problems.add(new SpecProblem("spec.webhook.secretRef.name", null, "is required"));
            return;
        }
        withinLength("spec.webhook.secretRef.name", webhook.getSecretRef().getName(), FieldLimits.SECRET_NAME_LENGTH,
                problems);
    }

    private static void endpoint(String field, RepositorySpec endpoint, List<SpecProblem> problems) {
        if (endpoint == null) {
            problems.add(new SpecProblem(field, null, "is required"));
            return;
        }
        SecretReference secret = endpoint.getCredentialsSecretRef();
        if (secret != null) {
            withinLength(field + ".credentialsSecretRef.name", secret.getName(), FieldLimits.SECRET_NAME_LENGTH,
                    problems);
        }
        proxy(field + ".proxy", endpoint.getProxy(), problems);
        if (endpoint.getRepository() == null || endpoint.getRepository().isBlank()) {
            problems.add(new SpecProblem(field + ".repository", null, "is required"));
            return;
        }
        withinLength(field + ".repository", endpoint.getRepository(), FieldLimits.REPOSITORY_LENGTH, problems);
    }

    private static void proxy(String field, ProxySpec proxy, List<SpecProblem> problems) {
        if (proxy == null) {
            return;
        }
        if (proxy.getUrl() == null || proxy.getUrl().isBlank()) {
            problems.add(new SpecProblem(field + ".url", null, "is required"));
        } else if ((proxy.getUrl().contains("@")
                || withinLength(field + ".url", proxy.getUrl(), FieldLimits.PROXY_URL_LENGTH, problems))
                && !java.util.regex.Pattern.matches(FieldLimits.PROXY_URL_PATTERN, proxy.getUrl())) {
            // A URL with credentials is reported without them, whatever its length.
            problems.add(new SpecProblem(field + ".url", abbreviated(withoutUserInfo(proxy.getUrl())),
                    "expected http://host:port without credentials, path or query (only http:// proxies are "
                            + "supported; put credentials in credentialsSecretRef)"));
        }
        if (proxy.getCredentialsSecretRef() != null) {
            withinLength(field + ".credentialsSecretRef.name", proxy.getCredentialsSecretRef().getName(),
                    FieldLimits.SECRET_NAME_LENGTH, problems);
        }
    }

    /** A URL as it may be quoted: whatever sits before an {@code @} may be a password. */
    private static String withoutUserInfo(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        return at < 0 ? url : url.substring(0, scheme < 0 ? 0 : scheme + 3) + "***" + url.substring(at);
    }

    private static void targets(ImageMirrorSpec spec, List<SpecProblem> problems) {
        if (spec.getTargets().isEmpty()) {
            problems.add(new SpecProblem("spec.targets", null, "needs at least one target"));
        }
        withinCount("spec.targets", spec.getTargets(), FieldLimits.MAX_TARGETS, problems);
        for (int i = 0; i < spec.getTargets().size(); i++) {
            endpoint("spec.targets[" + i + "]", spec.getTargets().get(i), problems);
        }
    }

    private static void tags(TagFilterSpec tags, List<SpecProblem> problems) {
        if (tags == null) {
            return;
        }
        patterns("spec.tags.include", tags.getInclude(), problems);
        patterns("spec.tags.exclude", tags.getExclude(), problems);
        if (tags.getSemver() != null) {
            withinLength("spec.tags.semver", tags.getSemver(), FieldLimits.SEMVER_RANGE_LENGTH, problems);
        }
        Integer latest = tags.getLatest();
        if (latest != null && latest < 1) {
            problems.add(new SpecProblem("spec.tags.latest", latest.toString(), "must be at least 1"));
        }
    }

    private static void patterns(String field, List<String> regexes, List<SpecProblem> problems) {
        withinCount(field, regexes, FieldLimits.MAX_TAG_PATTERNS, problems);
        for (int i = 0; i < regexes.size(); i++) {
            String regex = regexes.get(i);
            if (regex == null || regex.isEmpty()) {
                problems.add(new SpecProblem(field + "[" + i + "]", regex, "is empty"));
                continue;
            }
            if (!withinLength(field + "[" + i + "]", regex, FieldLimits.TAG_PATTERN_LENGTH, problems)) {
                continue;
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                problems.add(new SpecProblem(field + "[" + i + "]", regex,
                        "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex()));
            }
        }
    }

    private static void digests(ImageMirrorSpec spec, List<SpecProblem> problems) {
        List<DigestPinSpec> pins = spec.getDigests();
        withinCount("spec.digests", pins, FieldLimits.MAX_DIGEST_PINS, problems);
        for (int i = 0; i < pins.size(); i++) {
            String field = "spec.digests[" + i + "]";
            DigestPinSpec pin = pins.get(i);
            if (pin == null) {
                problems.add(new SpecProblem(field, null, "is empty; give a digest"));
                continue;
            }
            if (pin.getDigest() == null) {
                problems.add(new SpecProblem(field + ".digest", null, "is required"));
            } else if (withinLength(field + ".digest", pin.getDigest(), FieldLimits.DIGEST_LENGTH, problems)
                    && !pin.getDigest().matches(FieldLimits.DIGEST_PATTERN)) {
                problems.add(new SpecProblem(field + ".digest", pin.getDigest(),
                        "is not a digest; write sha256: and 64 lowercase hex digits"));
            }
            if (pin.getTag() != null && withinLength(field + ".tag", pin.getTag(), FieldLimits.TAG_LENGTH, problems)
                    && !pin.getTag().matches(FieldLimits.TAG_PATTERN)) {
                problems.add(new SpecProblem(field + ".tag", pin.getTag(),
                        "is not a tag (letters, digits, _ . -, not starting with . or -, at most "
                                + FieldLimits.TAG_LENGTH + " characters)"));
            }
        }
        if (!pins.isEmpty() && !spec.getPlatforms().isEmpty()) {
            problems.add(new SpecProblem("spec.digests", null, "cannot be combined with spec.platforms: a pinned "
                    + "manifest is copied as is, and a platform-filtered index would have another digest"));
        }
    }

    private static void platforms(List<String> values, List<SpecProblem> problems) {
        withinCount("spec.platforms", values, FieldLimits.MAX_PLATFORMS, problems);
        for (int i = 0; i < values.size(); i++) {
            withinLength("spec.platforms[" + i + "]", values.get(i), FieldLimits.PLATFORM_LENGTH, problems);
        }
    }

    private static void referrers(ReferrersSpec referrers, List<SpecProblem> problems) {
        if (referrers == null) {
            return;
        }
        String mode = referrers.getMode() == null ? SpecDefaults.REFERRERS_MODE : referrers.getMode();
        if (withinLength("spec.referrers.mode", mode, FieldLimits.REFERRERS_MODE_LENGTH, problems)
                && !mode.matches(FieldLimits.REFERRERS_MODE_PATTERN)) {
            problems.add(new SpecProblem("spec.referrers.mode", mode, "must be All, None or Types"));
        }
        List<String> types = referrers.getArtifactTypes();
        withinCount("spec.referrers.artifactTypes", types, FieldLimits.MAX_ARTIFACT_TYPES, problems);
        for (int i = 0; i < types.size(); i++) {
            String field = "spec.referrers.artifactTypes[" + i + "]";
            String type = types.get(i);
            if (type == null || type.isEmpty()) {
                problems.add(new SpecProblem(field, type, "is empty"));
            } else if (withinLength(field, type, FieldLimits.MEDIA_TYPE_LENGTH, problems)
                    && !type.matches(FieldLimits.MEDIA_TYPE_PATTERN)) {
                problems.add(new SpecProblem(field, type,
                        "is not a media type (type/subtype, e.g. application/vnd.dev.cosign.simplesigning.v1+json)"));
            }
        }
        if (ReferrersSpec.TYPES.equals(mode) && types.isEmpty()) {
            problems.add(new SpecProblem("spec.referrers.artifactTypes", null,
                    "needs at least one artifact type when mode is Types"));
        }
        if (!ReferrersSpec.TYPES.equals(mode) && !types.isEmpty()) {
            problems.add(new SpecProblem("spec.referrers.artifactTypes", String.join(", ", types),
                    "applies only to mode Types, not " + mode));
        }
    }

    private static Schedule schedule(ImageMirrorSpec spec, List<SpecProblem> problems) {
        String cron = spec.getSchedule() != null ? spec.getSchedule() : SpecDefaults.SCHEDULE;
        String zone = spec.getTimeZone() != null ? spec.getTimeZone() : SpecDefaults.TIME_ZONE;
        boolean cronFits = withinLength("spec.schedule", cron, FieldLimits.SCHEDULE_LENGTH, problems);
        if (!withinLength("spec.timeZone", zone, FieldLimits.TIME_ZONE_LENGTH, problems) || !cronFits) {
            return null;
        }
        try {
            Schedule.parseZone(zone);
        } catch (IllegalArgumentException e) {
            problems.add(new SpecProblem("spec.timeZone", zone, e.getMessage()));
            return null;
        }
        try {
            return Schedule.parse(cron, zone);
        } catch (IllegalArgumentException e) {
            problems.add(new SpecProblem("spec.schedule", cron, e.getMessage()));
            return null;
        }
    }

    /** False, with the problem recorded, when {@code value} has more characters than the CRD's maxLength. */
    private static boolean withinLength(String field, String value, int maxLength, List<SpecProblem> problems) {
        // maxLength counts characters (code points), as the API server does, not UTF-16 units.
        int length = value == null ? 0 : value.codePointCount(0, value.length());
        if (length <= maxLength) {
            return true;
        }
        problems.add(new SpecProblem(field, abbreviated(value),
                "is " + length + " characters long; at most " + maxLength + " are allowed"));
        return false;
    }

    private static void withinCount(String field, List<?> list, int maxItems, List<SpecProblem> problems) {
        if (list.size() > maxItems) {
            problems.add(new SpecProblem(field, null,
                    "has " + list.size() + " entries; at most " + maxItems + " are allowed"));
        }
    }

    /** An oversize value is named by its start: the message must stay readable whatever was pasted into the field. */
    private static String abbreviated(String value) {
        int keep = 40;
        return value.codePointCount(0, value.length()) <= keep ? value
                : value.substring(0, value.offsetByCodePoints(0, keep)) + "...";
    }

    private static int bounded(String field, Integer value, String fallback, int min, int max,
                               List<SpecProblem> problems) {
        int v = value != null ? value : Integer.parseInt(fallback);
        if (v < min || v > max) {
            problems.add(new SpecProblem(field, Integer.toString(v), "must be between " + min + " and " + max));
        }
        return Math.max(min, Math.min(max, v));
    }
}
