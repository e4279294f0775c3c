package io.hagicode.imagemirror.api;

import io.hagicode.imagemirror.oci.Platform;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.TagFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;

/**
 * Checks everything in a spec that needs no network and no Secret, including what the API server cannot check (regexes,
 * cron, time zones, semver ranges, references). Every problem is collected, so one run shows them all.
 * <p>
 * It also enforces the CRD's {@code maxLength} and {@code maxItems} ({@link FieldLimits}), which the API server checks
 * for the operator but nobody checks for the CLI, which reads the same spec from a file. A value over its limit is not
 * parsed further, so it is reported once.
 */
public final class SpecValidator {

    private SpecValidator() {
    }

    public static ValidatedSpec validate(ImageMirrorSpec spec) throws InvalidSpecException {
        List<SpecProblem> problems = new ArrayList<>();
        if (spec == null) {
            throw new InvalidSpecException(List.of(new SpecProblem("spec", null, "is required")));
        }
        Repository source = repository("spec.source", spec.getSource(), problems);
        if (spec.getSource() != null && Boolean.TRUE.equals(spec.getSource().getPublic())) {
            problems.add(new SpecProblem("spec.source.public", "true", "applies to targets only (it asks that the "
                    + "public can pull from a target); remove it from the source"));
        }
        List<Repository> targets = targets(spec, source, problems);
        TagFilter filter = tagFilter(spec.getTags(), problems);
        List<Platform> platforms = platforms(spec.getPlatforms(), problems);
        Schedule schedule = schedule(spec, problems);
        int concurrency = bounded("spec.concurrency", spec.getConcurrency(), SpecDefaults.CONCURRENCY,
                SpecDefaults.MIN_CONCURRENCY, SpecDefaults.MAX_CONCURRENCY, problems);
        int retries = bounded("spec.retries", spec.getRetries(), SpecDefaults.RETRIES,
                SpecDefaults.MIN_RETRIES, SpecDefaults.MAX_RETRIES, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        boolean suspend = spec.getSuspend() != null ? spec.getSuspend() : Boolean.parseBoolean(SpecDefaults.SUSPEND);
        return new ValidatedSpec(spec, source, targets, filter, platforms, schedule, suspend, concurrency, retries);
    }

    private static Repository repository(String field, RepositorySpec endpoint, List<SpecProblem> problems) {
        if (endpoint == null) {
            problems.add(new SpecProblem(field, null, "is required"));
            return null;
        }
        SecretReference secret = endpoint.getCredentialsSecretRef();
        if (secret != null) {
            withinLength(field + ".credentialsSecretRef.name", secret.getName(), FieldLimits.SECRET_NAME_LENGTH,
                    problems);
        }
        if (endpoint.getRepository() == null || endpoint.getRepository().isBlank()) {
            problems.add(new SpecProblem(field + ".repository", null, "is required"));
            return null;
        }
        if (!withinLength(field + ".repository", endpoint.getRepository(), FieldLimits.REPOSITORY_LENGTH, problems)) {
            return null;
        }
        try {
            return Repository.parse(endpoint.getRepository());
        } catch (IllegalArgumentException e) {
            problems.add(new SpecProblem(field + ".repository", endpoint.getRepository(), e.getMessage()));
            return null;
        }
    }

    private static List<Repository> targets(ImageMirrorSpec spec, Repository source, List<SpecProblem> problems) {
        List<Repository> targets = new ArrayList<>();
        if (spec.getTargets().isEmpty()) {
            problems.add(new SpecProblem("spec.targets", null, "needs at least one target"));
        }
        withinCount("spec.targets", spec.getTargets(), FieldLimits.MAX_TARGETS, problems);
        Map<Repository, Integer> seen = new HashMap<>();
        for (int i = 0; i < spec.getTargets().size(); i++) {
            String field = "spec.targets[" + i + "]";
            Repository target = repository(field, spec.getTargets().get(i), problems);
            targets.add(target);
            if (target == null) {
                continue;
            }
            if (target.equals(source)) {
                problems.add(new SpecProblem(field + ".repository", spec.getTargets().get(i).getRepository(),
                        "is the source repository; a target must differ from the source"));
            }
            Integer earlier = seen.putIfAbsent(target, i);
            if (earlier != null) {
                problems.add(new SpecProblem(field + ".repository", spec.getTargets().get(i).getRepository(),
                        "duplicates spec.targets[" + earlier + "] (" + target + ")"));
            }
        }
        return targets;
    }

    private static TagFilter tagFilter(TagFilterSpec tags, List<SpecProblem> problems) {
        if (tags == null) {
            return TagFilter.ALL;
        }
        List<Pattern> include = patterns("spec.tags.include", tags.getInclude(), problems);
        List<Pattern> exclude = patterns("spec.tags.exclude", tags.getExclude(), problems);
        RangesList range = null;
        if (tags.getSemver() != null && !tags.getSemver().isBlank()
                && withinLength("spec.tags.semver", tags.getSemver(), FieldLimits.SEMVER_RANGE_LENGTH, problems)) {
            range = semverRange(tags.getSemver(), problems);
        }
        Integer latest = tags.getLatest();
        if (latest != null && latest < 1) {
            problems.add(new SpecProblem("spec.tags.latest", latest.toString(), "must be at least 1"));
            latest = null;
        }
        return new TagFilter(include, exclude, range, latest);
    }

    private static RangesList semverRange(String text, List<SpecProblem> problems) {
        try {
            RangesList range = RangesListFactory.create(text);
            // semver4j turns text it cannot read into an empty list that matches nothing, rather than failing.
            if (range.get().isEmpty()) {
                problems.add(new SpecProblem("spec.tags.semver", text,
                        "is not a semantic-version range (examples: '>=1.0.0', '^1.2', '1.x', '>=1.0.0 <2.0.0')"));
                return null;
            }
            return range;
        } catch (IllegalArgumentException e) {
            problems.add(new SpecProblem("spec.tags.semver", text, "is not a semantic-version range: " + e.getMessage()));
            return null;
        }
    }

    private static List<Pattern> patterns(String field, List<String> regexes, List<SpecProblem> problems) {
        List<Pattern> patterns = new ArrayList<>();
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
                patterns.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                problems.add(new SpecProblem(field + "[" + i + "]", regex,
                        "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex()));
            }
        }
        return patterns;
    }

    private static List<Platform> platforms(List<String> values, List<SpecProblem> problems) {
        List<Platform> platforms = new ArrayList<>();
        withinCount("spec.platforms", values, FieldLimits.MAX_PLATFORMS, problems);
        for (int i = 0; i < values.size(); i++) {
            if (!withinLength("spec.platforms[" + i + "]", values.get(i), FieldLimits.PLATFORM_LENGTH, problems)) {
                continue;
            }
            try {
                platforms.add(Platform.parse(values.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(new SpecProblem("spec.platforms[" + i + "]", values.get(i), e.getMessage()));
            }
        }
        return platforms;
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
