package io.hagicode.imagemirror.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.semver4j.RangesList;
import org.semver4j.Semver;

/**
 * Chooses the tags to mirror. In order:
 * <ol>
 *   <li>a tag must fully match one {@code include} pattern, when any are given;</li>
 *   <li>and fully match no {@code exclude} pattern;</li>
 *   <li>a tag that is a version (SemVer 2.0, with an optional leading {@code v}) must satisfy {@code semver}, when set;</li>
 *   <li>of the versions left, only the {@code latest} highest are kept, when set.</li>
 * </ol>
 * Tags that are not versions (such as {@code latest} or {@code main}) are governed by include and exclude alone: the
 * version rules neither drop nor count them, so {@code include: [v?\d+\.\d+\.\d+, latest]} with {@code latest: 10}
 * keeps ten releases and the {@code latest} tag.
 */
public final class TagFilter {
    public static final TagFilter ALL = new TagFilter(List.of(), List.of(), null, null);
    /** For a mirror of digest pins only. */
    public static final TagFilter NONE = new TagFilter(List.of(), List.of(Pattern.compile(".*")), null, null);

    private final List<Pattern> include;
    private final List<Pattern> exclude;
    private final RangesList semver;
    private final Integer latest;

    public TagFilter(List<Pattern> include, List<Pattern> exclude, RangesList semver, Integer latest) {
        if (latest != null && latest < 1) {
            throw new IllegalArgumentException("latest must be at least 1, was " + latest);
        }
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
        this.semver = semver;
        this.latest = latest;
    }

    /** The selected tags, sorted, each once. */
    public List<String> select(List<String> tags) {
        List<String> kept = new ArrayList<>();
        List<Versioned> versions = new ArrayList<>();
        for (String tag : new HashSet<>(tags)) {
            if (!matchesPatterns(tag)) {
                continue;
            }
            Optional<Semver> version = version(tag);
            if (version.isEmpty()) {
                kept.add(tag);
            } else if (semver == null || semver.isSatisfiedBy(version.get())) {
                versions.add(new Versioned(tag, version.get()));
            }
        }
        versions.sort(Comparator.comparing(Versioned::version).reversed().thenComparing(Versioned::tag));
        int limit = latest == null ? versions.size() : Math.min(latest, versions.size());
        versions.subList(0, limit).forEach(v -> kept.add(v.tag()));
        kept.sort(Comparator.naturalOrder());
        return kept;
    }

    private boolean matchesPatterns(String tag) {
        boolean included = include.isEmpty() || include.stream().anyMatch(p -> p.matcher(tag).matches());
        return included && exclude.stream().noneMatch(p -> p.matcher(tag).matches());
    }

    /** A tag is a version when, less one leading 'v', it is strict SemVer 2.0. */
    static Optional<Semver> version(String tag) {
        String candidate = tag.startsWith("v") || tag.startsWith("V") ? tag.substring(1) : tag;
        return Semver.isValid(candidate) ? Optional.of(Semver.parse(candidate)) : Optional.empty();
    }

    /**
     * Whether {@link #select} can judge a tag without the others: not with {@code latest}, which keeps the highest
     * versions among all the tags there are.
     */
    public boolean judgesTagsAlone() {
        return latest == null;
    }

    public boolean selectsEverything() {
        return include.isEmpty() && exclude.isEmpty() && semver == null && latest == null;
    }

    private record Versioned(String tag, Semver version) {
    }

    @Override
    public String toString() {
        Set<String> parts = new java.util.LinkedHashSet<>();
        if (!include.isEmpty()) parts.add("include=" + include);
        if (!exclude.isEmpty()) parts.add("exclude=" + exclude);
        if (semver != null) parts.add("semver=" + semver);
        if (latest != null) parts.add("latest=" + latest);
        return parts.isEmpty() ? "all tags" : String.join(", ", parts);
    }
}
