package io.hagicode.imagemirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The less common combinations the builder offers. */
class RegistryModesTest {
    /** Only for its check that the programs are installed: each test closes the registries it starts itself. */
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private final Skopeo skopeo = new Skopeo();

    @Test
    void tlsWithTokenAuthAcceptsTheUserAndLetsAnonymousPull() {
        try (TokenServer tokens = TokenServer.start(Map.of("carol", "pw-carol"));
             DistributionRegistry registry = DistributionRegistry.builder().tls().tokenAuth(tokens).start()) {
            assertThat(registry.registryUrl()).startsWith("https://");
            FixtureImages.pushOciImage(registry, "t/app", "1", 31);

            skopeo.copyAll(registry.image("t/app:1").as("carol", "pw-carol"),
                    registry.image("t/app:2").as("carol", "pw-carol"));
            assertThat(skopeo.inspectRawDigest(registry.image("t/app:2").anonymous()))
                    .isEqualTo(skopeo.inspectRawDigest(registry, "t/app:1"));
        }
    }

    @Test
    void usersOnlyPolicyRefusesAnonymousPull() {
        try (TokenServer tokens = TokenServer.builder().policy(TokenPolicy.USERS_ONLY).start();
             DistributionRegistry registry = DistributionRegistry.withTokenAuth(tokens)) {
            FixtureImages.pushOciImage(registry, "private/app", "1", 32);

            assertThatThrownBy(() -> skopeo.inspectRaw(registry.image("private/app:1").anonymous()))
                    .isInstanceOf(CommandFailedException.class);
            assertThat(tokens.requests()).anyMatch(r -> r.anonymous()
                    && r.granted().equals(List.of("repository:private/app:")));
        }
    }

    @Test
    void plainHttpWithHtpasswd() {
        try (DistributionRegistry registry = DistributionRegistry.builder().htpasswd("dave", "pw-dave").start()) {
            PushedImage pushed = FixtureImages.pushDockerImage(registry, "basic/app", "1", 33);

            assertThat(skopeo.inspectRawDigest(registry, "basic/app:1")).isEqualTo(pushed.digest());
            assertThatThrownBy(() -> skopeo.inspectRaw(registry.image("basic/app:1").anonymous()))
                    .isInstanceOf(CommandFailedException.class);
        }
    }

    @Test
    void tlsWithoutAuth() {
        try (DistributionRegistry registry = DistributionRegistry.tls()) {
            assertThat(registry.adminCredentials()).isEmpty();
            PushedImage pushed = FixtureImages.pushMultiArchOciIndex(registry, "open/app", "1", 34);
            assertThat(skopeo.inspectRawDigest(registry.image("open/app:1").anonymous())).isEqualTo(pushed.digest());
        }
    }

    @Test
    void tokenLifetimeIsConfigurable() throws Exception {
        try (TokenServer tokens = TokenServer.builder().expiresIn(Duration.ofSeconds(42)).start()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(tokens.realm() + "?service=x&scope=repository:a:pull")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(new ObjectMapper().readTree(r.body()).path("expires_in").asInt()).isEqualTo(42);
            assertThat(tokens.tokensIssued()).isEqualTo(1);
        }
    }

    @Test
    void htpasswdAndTokenTogetherAreRefused() {
        try (TokenServer tokens = TokenServer.start(Map.of())) {
            assertThatThrownBy(() -> DistributionRegistry.builder().htpasswd("a", "b").tokenAuth(tokens).start())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one auth scheme");
        }
    }
}
