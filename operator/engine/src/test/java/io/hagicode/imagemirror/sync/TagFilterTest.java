package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.semver4j.RangesListFactory;

class TagFilterTest {
    private static final List<String> TAGS = List.of("latest", "main", "v0.9.0", "v1.0.0", "1.1.0", "v1.2.0-rc.1",
            "v1.2.0", "v2.0.0", "2.0", "v10.0.0", "nightly-2026-11-27");

    private static List<Pattern> regexes(String... r) {
        return java.util.Arrays.stream(r).map(Pattern::compile).toList();
    }

    @Test
    void withoutRulesEveryTagIsSelectedOnceAndSorted() {
        assertThat(TagFilter.ALL.select(List.of("b", "a", "b"))).containsExactly("a", "b");
        assertThat(TagFilter.ALL.selectsEverything()).isTrue();
    }

    @Test
    void includeMustMatchTheWholeTag() {
        TagFilter filter = new TagFilter(regexes("v1"), List.of(), null, null);
        assertThat(filter.select(TAGS)).isEmpty();
        assertThat(new TagFilter(regexes("v1.*"), List.of(), null, null).select(TAGS))
                .containsExactly("v1.0.0", "v1.2.0", "v1.2.0-rc.1", "v10.0.0");
    }

    @Test
    void excludeWinsOverInclude() {
        TagFilter filter = new TagFilter(regexes("v?\\d+\\.\\d+\\.\\d+.*"), regexes(".*-rc.*"), null, null);
        assertThat(filter.select(TAGS)).containsExactly("1.1.0", "v0.9.0", "v1.0.0", "v1.2.0", "v10.0.0", "v2.0.0");
    }

    @Test
    void semverAppliesToVersionsOnlyAndLeavesOtherTagsToThePatterns() {
        TagFilter filter = new TagFilter(List.of(), List.of(), RangesListFactory.create(">=1.0.0 <2.0.0"), null);
        // v0.9.0, v2.0.0 and v10.0.0 are out of range; '2.0' is no SemVer, so like 'latest' it stays.
        assertThat(filter.select(TAGS)).containsExactly("1.1.0", "2.0", "latest", "main", "nightly-2026-11-27",
                "v1.0.0", "v1.2.0");
    }

    @Test
    void latestKeepsTheHighestVersionsBySemverNotByText() {
        TagFilter filter = new TagFilter(regexes("v?\\d+\\.\\d+\\.\\d+", "latest"), List.of(), null, 2);
        // v10.0.0 sorts below v2.0.0 as text, above it as a version.
        assertThat(filter.select(TAGS)).containsExactly("latest", "v10.0.0", "v2.0.0");
    }

    @Test
    void latestCountsAfterSemverAndPreReleasesRankBelowTheirRelease() {
        TagFilter filter = new TagFilter(regexes("v1\\..*"), List.of(), null, 1);
        assertThat(filter.select(TAGS)).containsExactly("v1.2.0");
    }

    @Test
    void latestMustBePositive() {
        assertThatThrownBy(() -> new TagFilter(List.of(), List.of(), null, 0)).hasMessageContaining("latest");
    }

    @Test
    void aLeadingVIsOptionalForVersions() {
        assertThat(TagFilter.version("v1.2.3")).isPresent();
        assertThat(TagFilter.version("1.2.3")).isPresent();
        assertThat(TagFilter.version("1.2")).isEmpty();
        assertThat(TagFilter.version("latest")).isEmpty();
    }
}
