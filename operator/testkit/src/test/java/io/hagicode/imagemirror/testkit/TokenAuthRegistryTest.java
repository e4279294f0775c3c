package io.hagicode.imagemirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenAuthRegistryTest {
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private static TokenServer tokens;
    private static DistributionRegistry registry;
    private final Skopeo skopeo = new Skopeo();

    @BeforeAll
    static void start() {
        tokens = registries.tokenServer(Map.of("bob", "t0ken-pass"));
        registry = registries.withTokenAuth(tokens);
    }

    @Test
    void aKnownUserPushesAndAnonymousPullsButCannotPush() {
        FixtureImages.pushOciImage(registry, "hub/app", "base", 21);
        int issuedBefore = tokens.tokensIssued();

        skopeo.copyAll(registry.image("hub/app:base").as("bob", "t0ken-pass"),
                registry.image("hub/app:bob").as("bob", "t0ken-pass"));
        assertThat(skopeo.inspectRawDigest(registry.image("hub/app:bob").anonymous()))
                .isEqualTo(skopeo.inspectRawDigest(registry, "hub/app:base"));
        assertThat(tokens.tokensIssued()).isGreaterThan(issuedBefore);
        assertThat(tokens.requests()).anySatisfy(r -> {
            assertThat(r.subject()).isEqualTo("bob");
            assertThat(r.service()).isEqualTo(tokens.service());
            assertThat(r.granted()).anyMatch(g -> g.startsWith("repository:hub/app:") && g.contains("push"));
        });

        int mark = registry.accessLogMark();
        assertThatThrownBy(() -> skopeo.copyAll(registry.image("hub/app:base").anonymous(),
                registry.image("hub/app:anon").anonymous()))
                .isInstanceOf(CommandFailedException.class);
        assertThat(registry.accessLogSince(mark)).anyMatch(e -> e.status() == 401)
                .noneMatch(e -> e.is("PUT") && e.status() / 100 == 2);
        assertThat(skopeo.listTags(registry.image("hub/app").anonymous())).contains("base", "bob")
                .doesNotContain("anon");
    }

    @Test
    void tokensAreRs256JwtsWithTheLibtrustKeyIdAndTheGrantedAccess() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String url = tokens.realm() + "?service=" + tokens.service()
                + "&scope=repository:hub/x:pull,push&scope=repository:hub/y:pull";
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(anonymous.body());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(body.path("access_token").asText()).isEqualTo(body.path("token").asText());
        assertThat(body.path("expires_in").asInt()).isEqualTo(300);
        assertThat(body.path("issued_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        String[] jwt = body.path("token").asText().split("\\.");
        JsonNode header = json(jwt[0]);
        JsonNode claims = json(jwt[1]);
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("kid").asText()).isEqualTo(tokens.keyId()).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
        assertThat(claims.path("aud").asText()).isEqualTo(tokens.service());
        assertThat(claims.path("iss").asText()).isEqualTo(tokens.issuer());
        assertThat(claims.path("access").get(0).path("actions").toString()).isEqualTo("[\"pull\"]");
        assertThat(claims.path("access").get(1).path("name").asText()).isEqualTo("hub/y");

        HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "bob:nope".getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(tokens.rejectedRequests()).isPositive();
    }

    private static JsonNode json(String base64Url) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(base64Url));
    }
}
