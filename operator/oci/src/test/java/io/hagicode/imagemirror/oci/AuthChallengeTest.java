package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 7235 challenge parsing. */
class AuthChallengeTest {

    @Test
    void parsesDockerHubsChallenge() {
        List<AuthChallenge> challenges = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"");

        assertThat(challenges).containsExactly(new AuthChallenge("bearer", Map.of(
                "realm", "https://auth.docker.io/token",
                "service", "registry.docker.io",
                "scope", "repository:library/nginx:pull")));
        assertThat(challenges.get(0).isBearer()).isTrue();
    }

    @Test
    void parameterOrderDoesNotMatter() {
        AuthChallenge a = AuthChallenge.parse("Bearer realm=\"r\",service=\"s\",scope=\"x\"").get(0);
        AuthChallenge b = AuthChallenge.parse("Bearer scope=\"x\", service=\"s\", realm=\"r\"").get(0);

        assertThat(a).isEqualTo(b);
    }

    @Test
    void quotedValuesKeepCommasAndEscapes() {
        AuthChallenge c = AuthChallenge.parse(
                "Bearer realm=\"https://a/token\",scope=\"repository:a:pull,push repository:b:pull\",error=\"say \\\"hi\\\"\"")
                .get(0);

        assertThat(c.param("scope")).contains("repository:a:pull,push repository:b:pull");
        assertThat(c.param("error")).contains("say \"hi\"");
        assertThat(c.params()).hasSize(3);
    }

    @Test
    void severalChallengesInOneHeaderAndAcrossHeaders() {
        List<AuthChallenge> one = AuthChallenge.parse("Basic realm=\"Registry\", Bearer realm=\"https://t\",service=\"s\"");
        List<AuthChallenge> two = AuthChallenge.parseAll(List.of("Basic realm=\"Registry\"", "Bearer realm=\"https://t\""));

        assertThat(one).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
        assertThat(one.get(0).params()).isEqualTo(Map.of("realm", "Registry"));
        assertThat(one.get(1).params()).isEqualTo(Map.of("realm", "https://t", "service", "s"));
        assertThat(two).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
        assertThat(AuthChallenge.find(two, "BEARER")).map(c -> c.param("realm").orElseThrow()).contains("https://t");
    }

    @Test
    void schemeAndParameterNamesAreCaseInsensitive() {
        AuthChallenge c = AuthChallenge.parse("BEARER Realm=\"x\", SERVICE=y").get(0);

        assertThat(c.isBearer()).isTrue();
        assertThat(c.param("realm")).contains("x");
        assertThat(c.param("Service")).contains("y");
    }

    @Test
    void toleratesSpaceAroundEqualsAndUnquotedUrls() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm = https://auth.example.com:8443/token , service = reg").get(0);

        assertThat(c.param("realm")).contains("https://auth.example.com:8443/token");
        assertThat(c.param("service")).contains("reg");
    }

    @Test
    void aToken68ChallengeIsFollowedByTheNextChallenge() {
        List<AuthChallenge> challenges = AuthChallenge.parse("Negotiate abc123==, Basic realm=\"r\"");

        assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("negotiate", "basic");
        assertThat(challenges.get(0).params()).isEqualTo(Map.of("", "abc123=="));
        assertThat(challenges.get(1).param("realm")).contains("r");
    }

    @Test
    void aBareSchemeHasNoParameters() {
        List<AuthChallenge> challenges = AuthChallenge.parse("Basic");

        assertThat(challenges).containsExactly(new AuthChallenge("basic", Map.of()));
    }

    @Test
    void emptyOrGarbageGivesNothingUsable() {
        assertThat(AuthChallenge.parse("")).isEmpty();
        assertThat(AuthChallenge.parse(null)).isEmpty();
        assertThat(AuthChallenge.parse(" , ,")).isEmpty();
        assertThat(AuthChallenge.parse("Bearer realm=\"unterminated").get(0).param("realm")).contains("unterminated");
    }
}
