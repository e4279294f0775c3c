package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our parsing against the repository-name cases of distribution/reference's {@code normalize_test.go}, kept as data in
 * {@code distribution-reference/normalize_test.tsv} (origin and commit in its header). {@code ParseNormalizedNamed}
 * accepts an optional tag or digest, as {@link ImageReference#parse} does, so validity is checked with that; the
 * domain and remote name of a named case with {@link Repository#parse}. We agree on every case.
 */
class DistributionReferenceCasesTest {
    private static final String CASES = "/distribution-reference/normalize_test.tsv";

    record Case(String test, String expectation, String input, String domain, String remoteName) {
        @Override
        public String toString() {
            return expectation + " " + input + (domain == null ? "" : " -> " + domain + " " + remoteName);
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = read().stream().filter(l -> !l.isBlank() && !l.startsWith("#")).map(line -> {
            String[] f = line.split("\t", -1);
            return f.length == 5 ? new Case(f[0], f[1], f[2], f[3], f[4]) : new Case(f[0], f[1], f[2], null, null);
        }).toList();
        assertThat(cases).as("cases read from " + CASES).hasSize(110);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithDistributionReference(Case c) {
        switch (c.expectation()) {
            case "valid" -> assertThatCode(() -> ImageReference.parse(c.input())).doesNotThrowAnyException();
            case "invalid" -> assertThatThrownBy(() -> ImageReference.parse(c.input()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + c.input() + "'");
            case "named" -> {
                Repository repository = Repository.parse(c.input());
                assertThat(repository.registry()).as("registry").isEqualTo(c.domain());
                assertThat(repository.path()).as("path").isEqualTo(c.remoteName());
                assertThat(Repository.parse(repository.toString())).as("re-parsed").isEqualTo(repository);
            }
            default -> throw new IllegalStateException("unknown expectation in " + CASES + ": " + c);
        }
    }

    private static List<String> read() {
        try (InputStream in = DistributionReferenceCasesTest.class.getResourceAsStream(CASES)) {
            if (in == null) {
                throw new IllegalStateException(CASES + " is not on the test class path");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
