package io.hagicode.imagemirror.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GoRegexTest {
    private static boolean fullMatch(String goRegex, String tag) {
        return Pattern.compile(GoRegex.toJavaFullMatch(goRegex)).matcher(tag).matches();
    }

    @Test
    void unanchoredRegexesMatchAnywhereAsGoMatchStringDoes() {
        assertThat(GoRegex.toJavaFullMatch("alpine")).isEqualTo(".*(?:alpine).*");
        assertThat(fullMatch("alpine", "3.18-alpine-perl")).isTrue();
        assertThat(fullMatch("^v1", "v1.2")).isTrue();
        assertThat(fullMatch("^v1", "xv1")).isFalse();
        assertThat(fullMatch("rc$", "v1-rc")).isTrue();
    }

    @Test
    void fullyAnchoredRegexesJustLoseTheirAnchors() {
        assertThat(GoRegex.toJavaFullMatch("^v[0-9]+$")).isEqualTo("v[0-9]+");
        assertThat(GoRegex.toJavaFullMatch("^a\\$")).as("an escaped dollar is no anchor").isEqualTo(".*(?:^a\\$).*");
        assertThat(fullMatch("^a|b$", "ab")).as("alternation keeps search semantics").isTrue();
        assertThat(fullMatch("^a|b$", "xb")).isTrue();
        assertThat(fullMatch("^a|b$", "xa")).isFalse();
    }

    @Test
    void re2OnlySyntaxIsTranslated() {
        assertThat(GoRegex.translateSyntax("(?P<major>[0-9]+)")).isEqualTo("(?<major>[0-9]+)");
        assertThat(GoRegex.translateSyntax("[[:digit:]][[:^alpha:]][[:word:]]"))
                .isEqualTo("[\\p{Digit}][\\P{Alpha}][\\w]");
        assertThat(fullMatch("^[[:digit:]]+$", "123")).isTrue();
        assertThat(fullMatch("^[[:digit:]]+$", "dig")).isFalse();
    }

    @Test
    void whatRe2LacksIsNamedSoTheRuleCanBeSkipped() {
        assertThat(GoRegex.unsupportedByRe2("^v(?=1)")).isEqualTo("a lookaround group");
        assertThat(GoRegex.unsupportedByRe2("(?<!rc)$")).isEqualTo("a lookaround group");
        assertThat(GoRegex.unsupportedByRe2("(?>a+)b")).isEqualTo("an atomic group");
        assertThat(GoRegex.unsupportedByRe2("(a)\\1")).isEqualTo("a backreference (\\1)");
        assertThat(GoRegex.unsupportedByRe2("a++")).isEqualTo("a possessive quantifier (++)");
        assertThat(GoRegex.unsupportedByRe2("v[0-9]{1,3}+")).isEqualTo("a possessive quantifier (}+)");
        // RE2 has these: lazy quantifiers, named groups, escaped digits in classes, a literal + in a class.
        for (String ok : new String[] {"a+?", "(?P<major>[0-9]+)", "(?<n>x)", "[\\1]", "[a+]+", "\\++", "^v1\\..*$",
                "[[:digit:]]+-alpine", "a+"}) {
            assertThat(GoRegex.unsupportedByRe2(ok)).as(ok).isNull();
        }
    }
}
