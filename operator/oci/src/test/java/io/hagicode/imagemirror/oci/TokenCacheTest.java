package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token lifetimes, scope-set matching, and token response parsing. */
class TokenCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final TokenCache cache = new TokenCache(now::get);
    private static final Set<String> PULL = Set.of("repository:a:pull");
    private static final Set<String> PUSH = Set.of("repository:a:pull,push");

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aTokenLivesUntilExpiresInMinusTheMargin() {
        cache.put(PULL, "t", Duration.ofSeconds(300));

        advance(Duration.ofSeconds(289));
        assertThat(cache.get(PULL)).extracting(BearerToken::value).isEqualTo("t");
        advance(Duration.ofSeconds(2));
        assertThat(cache.get(PULL)).isNull();
    }

    @Test
    void withoutExpiresInTheDefaultIsSixtySeconds() {
        cache.put(PULL, "t", null);

        advance(Duration.ofSeconds(49));
        assertThat(cache.get(PULL)).isNotNull();
        advance(Duration.ofSeconds(2));
        assertThat(cache.get(PULL)).isNull();
    }

    @Test
    void aVeryShortLivedTokenKeepsHalfItsLife() {
        cache.put(PULL, "t", Duration.ofSeconds(10));

        advance(Duration.ofSeconds(4));
        assertThat(cache.get(PULL)).isNotNull();
        advance(Duration.ofSeconds(2));
        assertThat(cache.get(PULL)).isNull();
    }

    @Test
    void aWiderScopeSetServesANarrowerOneButNotTheReverse() {
        cache.put(Set.of("repository:a:pull,push", "repository:b:pull"), "wide", Duration.ofMinutes(5));
        cache.put(Set.of("repository:c:pull"), "c", Duration.ofMinutes(5));

        assertThat(cache.get(PUSH)).extracting(BearerToken::value).isEqualTo("wide");
        assertThat(cache.get(Set.of("repository:b:pull"))).extracting(BearerToken::value).isEqualTo("wide");
        assertThat(cache.get(Set.of("repository:c:pull,push"))).isNull();
        assertThat(cache.get(PULL)).isNull(); // "pull" is not literally in the wider set
    }

    @Test
    void invalidateDropsEveryTokenCoveringTheScopes() {
        cache.put(PUSH, "p", Duration.ofMinutes(5));

        cache.invalidate(PUSH);

        assertThat(cache.get(PUSH)).isNull();
    }

    @Test
    void tokensNeverShowInToString() {
        assertThat(cache.put(PULL, "very-secret", null)).asString().doesNotContain("very-secret");
        assertThat(new BearerTokenProvider.Grant("very-secret", null)).asString().doesNotContain("very-secret");
    }

    @Test
    void parsesTokenAccessTokenAndExpiresIn() {
        BearerTokenProvider.Grant docker = BearerTokenProvider.parse(bytes("{\"token\":\"a\",\"expires_in\":120}"), "op");
        BearerTokenProvider.Grant oauth = BearerTokenProvider.parse(bytes("{\"access_token\":\"b\"}"), "op");

        assertThat(docker.token()).isEqualTo("a");
        assertThat(docker.lifetime()).isEqualTo(Duration.ofSeconds(120));
        assertThat(oauth.token()).isEqualTo("b");
        assertThat(oauth.lifetime()).isNull();
    }

    @Test
    void aTokenAnswerWithoutTokenOrNotJsonIsInvalid() {
        assertThatThrownBy(() -> BearerTokenProvider.parse(bytes("{\"expires_in\":1}"), "fetching"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.INVALID_RESPONSE))
                .hasMessageContaining("neither 'token' nor 'access_token'");
        assertThatThrownBy(() -> BearerTokenProvider.parse(bytes("<html>"), "fetching"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.INVALID_RESPONSE));
    }

    @Test
    void scopesForReadsWritesAndMounts() {
        Repository target = Repository.parse("reg.io/team/app");
        Repository source = Repository.parse("reg.io/team/base");

        assertThat(Scope.strings(Scope.forPull(target))).containsExactly("repository:team/app:pull");
        assertThat(Scope.strings(Scope.forPush(target))).containsExactly("repository:team/app:pull,push");
        assertThat(Scope.strings(Scope.forMount(target, source)))
                .containsExactly("repository:team/app:pull,push", "repository:team/base:pull");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
