package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The authentication flow, token realm checks, TLS and insecure mode against a MockWebServer. */
class AuthMockTest extends MockRegistryTestBase {
    private static final String TAGS = "/v2/team/app/tags/list";
    private static final MockResponse TAG_PAGE = new MockResponse().setBody("{\"tags\":[\"v1\"]}");

    private RegistryClient client(Credentials credentials) {
        return client(registry.options(), credentials);
    }

    private void challenge(String header) {
        registry.on("GET", "/v2/", new MockResponse().setResponseCode(401).setHeader("WWW-Authenticate", header));
    }

    /** Answers 401 with the challenge unless the request carries {@code Bearer <token>}. */
    private void protect(String pathRegex, String token, String challenge, MockResponse ok) {
        registry.on("GET", pathRegex, request -> ("Bearer " + token).equals(request.getHeader("Authorization"))
                ? ok.clone()
                : new MockResponse().setResponseCode(401).setHeader("WWW-Authenticate", challenge)
                        .setBody("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"));
    }

    @Test
    void fetchesABearerTokenWhateverTheOrderOfTheChallengeParameters() {
        String challenge = "Bearer service=\"mock registry\",scope=\"repository:team/app:pull\",realm=\""
                + registry.origin() + "/token\"";
        challenge(challenge);
        registry.on("GET", "/token", new MockResponse().setBody("{\"token\":\"abc\",\"expires_in\":300}"));
        protect(TAGS, "abc", challenge, TAG_PAGE);
        RegistryClient client = client(Credentials.basic("alice", "s3cret"));

        assertThat(client.listTags(registry.repository("team/app"))).containsExactly("v1");
        assertThat(client.listTags(registry.repository("team/app"))).containsExactly("v1");

        List<RecordedRequest> tokens = registry.requests("GET", "/token");
        assertThat(tokens).hasSize(1); // cached for the second call
        RecordedRequest token = tokens.get(0);
        assertThat(token.getRequestUrl().queryParameter("service")).isEqualTo("mock registry");
        assertThat(token.getRequestUrl().queryParameterValues("scope")).containsExactly("repository:team/app:pull");
        assertThat(token.getHeader("Authorization")).isEqualTo(okhttp3.Credentials.basic("alice", "s3cret"));
        assertThat(registry.requests("GET", TAGS)).allMatch(r -> "Bearer abc".equals(r.getHeader("Authorization")));
    }

    @Test
    void prepareMakesThePingAndThePullTokenSoALaterRequestCostsOnlyItself() {
        String challenge = "Bearer realm=\"" + registry.origin() + "/token\",service=\"mock\"";
        challenge(challenge);
        registry.on("GET", "/token", new MockResponse().setBody("{\"token\":\"abc\"}"));
        protect(TAGS, "abc", challenge, TAG_PAGE);
        RegistryClient client = client(Credentials.ANONYMOUS);

        client.prepare(registry.repository("team/app"));

        assertThat(registry.requests("GET", "/v2/")).hasSize(1);
        assertThat(registry.requests("GET", "/token")).singleElement().satisfies(token -> assertThat(
                token.getRequestUrl().queryParameterValues("scope")).containsExactly("repository:team/app:pull"));
        assertThat(registry.requests("GET", TAGS)).isEmpty();

        assertThat(client.listTags(registry.repository("team/app"))).containsExactly("v1");
        assertThat(registry.requests("GET", "/v2/")).hasSize(1);
        assertThat(registry.requests("GET", "/token")).hasSize(1);
        assertThat(registry.requests("GET", TAGS)).hasSize(1);
    }

    @Test
    void aPrepareThatFailsThrowsNothingAndLeavesTheFailureToTheRequest() {
        challenge("Bearer realm=\"" + registry.origin() + "/token\"");
        registry.on("GET", "/token", new MockResponse().setResponseCode(401).setBody("{\"details\":\"no\"}"));
        RegistryClient client = client(Credentials.ANONYMOUS);

        client.prepare(registry.repository("team/app"));

        assertThat(registry.requests("GET", "/token")).isNotEmpty();
        assertThatThrownBy(() -> client.listTags(registry.repository("team/app")))
                .isInstanceOf(RegistryException.class);
    }

    @Test
    void refetchesTheTokenOnceWhenTheRegistryRejectsIt() {
        String challenge = "Bearer realm=\"" + registry.origin() + "/token\",service=\"mock\"";
        challenge(challenge);
        registry.on("GET", "/token", new MockResponse().setBody("{\"access_token\":\"old\"}"),
                new MockResponse().setBody("{\"access_token\":\"new\"}"));
        protect(TAGS, "new", challenge + ",scope=\"repository:team/app:pull\",error=\"invalid_token\"", TAG_PAGE);

        assertThat(client(Credentials.ANONYMOUS).listTags(registry.repository("team/app"))).containsExactly("v1");

        assertThat(registry.requests("GET", TAGS)).extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer old", "Bearer new");
        assertThat(registry.requests("GET", "/token")).extracting(r -> r.getHeader("Authorization"))
                .containsOnlyNulls(); // anonymous
    }

    @Test
    void aSecond401IsUnauthorizedWithoutThePassword() {
        String challenge = "Bearer realm=\"" + registry.origin() + "/token\",service=\"mock\"";
        challenge(challenge);
        registry.on("GET", "/token", new MockResponse().setBody("{\"token\":\"useless\"}"));
        protect(TAGS, "never", challenge, TAG_PAGE);
        RegistryClient client = client(Credentials.basic("alice", "s3cret-pw"));

        assertThatThrownBy(() -> client.listTags(registry.repository("team/app")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("authentication required").doesNotContain("s3cret-pw")
                            .doesNotContain("useless");
                });
        assertThat(registry.requests("GET", TAGS)).hasSize(2);
    }

    @Test
    void theTokenServerRejectingCredentialsIsUnauthorized() {
        challenge("Bearer realm=\"" + registry.origin() + "/token\"");
        registry.on("GET", "/token", new MockResponse().setResponseCode(401).setBody("{\"details\":\"bad password\"}"));
        RegistryClient client = client(Credentials.basic("alice", "wrong-pw"));

        assertThatThrownBy(() -> client.listTags(registry.repository("team/app")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("fetching a token").contains("alice")
                            .doesNotContain("wrong-pw");
                });
    }

    @Test
    void exchangesAnIdentityTokenByOAuth2Post() throws Exception {
        challenge("Bearer realm=\"" + registry.origin() + "/oauth\",service=\"mock\"");
        registry.on("POST", "/oauth", new MockResponse().setBody("{\"access_token\":\"from-refresh\",\"expires_in\":60}"));
        protect(TAGS, "from-refresh", "Bearer realm=\"x\"", TAG_PAGE);

        client(new Credentials.IdentityToken("alice", "refresh-me")).listTags(registry.repository("team/app"));

        String form = registry.requests("POST", "/oauth").get(0).getBody().readUtf8();
        assertThat(form.split("&")).contains("grant_type=refresh_token", "refresh_token=refresh-me", "service=mock",
                "scope=repository%3Ateam%2Fapp%3Apull");
    }

    @Test
    void sendsBasicCredentialsWhenTheRegistryAsksForThem() {
        challenge("Basic realm=\"Registry Realm\"");
        registry.on("GET", TAGS, request -> request.getHeader("Authorization") != null
                ? TAG_PAGE.clone() : new MockResponse().setResponseCode(401));

        assertThat(client(Credentials.basic("bob", "pw")).listTags(registry.repository("team/app"))).containsExactly("v1");
        assertThat(registry.requests("GET", TAGS)).extracting(r -> r.getHeader("Authorization"))
                .containsExactly(okhttp3.Credentials.basic("bob", "pw"));
    }

    @Test
    void refusesARealmOnACloudMetadataHost() {
        challenge("Bearer realm=\"http://metadata.google.internal/computeMetadata/v1/token\"");
        RegistryClient client = client(Credentials.basic("alice", "pw"));

        assertThatThrownBy(() -> client.listTags(registry.repository("team/app")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.REFUSED);
                    assertThat(e.getMessage()).contains("metadata.google.internal");
                });
        assertThat(registry.requests("GET", TAGS)).isEmpty();
    }

    @Test
    void refusesAPlainHttpRealmForAnHttpsRegistry() {
        challenge("Bearer realm=\"http://127.0.0.1:1/token\"");
        RegistryClient client = client(Credentials.basic("alice", "pw"));

        assertThatThrownBy(() -> client.listTags(registry.repository("team/app")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.REFUSED));
    }

    @Test
    void anUnknownCaIsANetworkErrorSuggestingCaFile() {
        factory = new OciRegistryClientFactory(ClientOptions.defaults().withMaxAttempts(1));
        RegistryClient client = factory.client(registry.registry(), Credentials.ANONYMOUS, false);

        assertThatThrownBy(() -> client.listTags(registry.repository("team/app")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.NETWORK);
                    assertThat(e.getMessage()).contains("--ca-file").contains("insecure");
                });
    }

    @Test
    void insecureTrustsAnyCertificate() {
        registry.on("GET", TAGS, TAG_PAGE);
        factory = new OciRegistryClientFactory(ClientOptions.defaults().withMaxAttempts(1));

        RegistryClient client = factory.client(registry.registry(), Credentials.ANONYMOUS, true);

        assertThat(client.listTags(registry.repository("team/app"))).containsExactly("v1");
    }

    @Test
    void insecureFallsBackToPlainHttp() throws Exception {
        try (MockRegistry plain = MockRegistry.plain()) {
            plain.on("GET", TAGS, TAG_PAGE);
            factory = new OciRegistryClientFactory(plain.options().withReadTimeout(Duration.ofMillis(500)));

            RegistryClient client = factory.client(plain.registry(), Credentials.ANONYMOUS, true);

            assertThat(client.listTags(plain.repository("team/app"))).containsExactly("v1");
            assertThat(plain.requests("GET", TAGS)).hasSize(1);
        }
    }

    @Test
    void aPlainHttpRegistryIsNotSpokenToInClearTextUnlessInsecure() throws Exception {
        try (MockRegistry plain = MockRegistry.plain()) {
            plain.on("GET", TAGS, TAG_PAGE);
            factory = new OciRegistryClientFactory(plain.options().withMaxAttempts(1)
                    .withReadTimeout(Duration.ofMillis(500)));

            RegistryClient client = factory.client(plain.registry(), Credentials.ANONYMOUS, false);

            assertThatThrownBy(() -> client.listTags(plain.repository("team/app")))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.NETWORK));
            assertThat(plain.requests("GET", TAGS)).isEmpty();
        }
    }

    @Test
    void pingsOncePerClient() {
        registry.on("GET", TAGS, TAG_PAGE);
        RegistryClient client = client(Credentials.ANONYMOUS);

        client.listTags(registry.repository("team/app"));
        client.listTags(registry.repository("team/app"));

        assertThat(registry.requests("GET", "/v2/")).hasSize(1);
    }
}
