package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

/** The transport's retries against a MockWebServer: Retry-After, backoff, 5xx bursts, connection faults, cut bodies,
 * exhaustion, what is not retried, and what the observer sees. */
class RetryMockTest extends MockRegistryTestBase {
    private static final String TAGS = "/v2/team/app/tags/list";

    private RegistryClient client(ClientOptions options) {
        return client(options, Credentials.ANONYMOUS);
    }

    private static MockResponse tags(String... tags) {
        return new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"name\":\"team/app\",\"tags\":[\"" + String.join("\",\"", tags) + "\"]}");
    }

    @Test
    void waitsForRetryAfterSecondsThenRetries() {
        registry.on("GET", TAGS, new MockResponse().setResponseCode(429).setHeader("Retry-After", "1"), tags("v1"));
        RegistryClient client = client(registry.options());

        long start = System.nanoTime();
        List<String> tags = client.listTags(registry.repository("team/app"));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertThat(tags).containsExactly("v1");
        assertThat(registry.requests("GET", TAGS)).hasSize(2);
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void retriesA429WithoutRetryAfterWithBackoff() {
        registry.on("GET", TAGS, new MockResponse().setResponseCode(429), tags("v1", "v2"));

        List<String> tags = client(registry.options()).listTags(registry.repository("team/app"));

        assertThat(tags).containsExactly("v1", "v2");
        assertThat(registry.requests("GET", TAGS)).hasSize(2);
    }

    @Test
    void capsARetryAfterLongerThanMaxBackoff() {
        registry.on("GET", TAGS, new MockResponse().setResponseCode(503).setHeader("Retry-After", "3600"), tags("v1"));
        RegistryClient client = client(registry.options().withBackoff(Duration.ofMillis(5), Duration.ofMillis(50)));

        long start = System.nanoTime();
        assertThat(client.listTags(registry.repository("team/app"))).containsExactly("v1");
        // An uncapped wait would take an hour; this is a functional bound, not a timing goal.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void survivesA5xxBurst() {
        byte[] manifest = TestBlobs.manifestJson("burst");
        registry.on("GET", "/v2/team/app/manifests/v1",
                new MockResponse().setResponseCode(503), new MockResponse().setResponseCode(502),
                new MockResponse().setResponseCode(500),
                new MockResponse().setHeader("Content-Type", MediaTypes.OCI_MANIFEST).setBody(new okio.Buffer().write(manifest)));

        Manifest got = client(registry.options().withMaxAttempts(4))
                .getManifest(registry.repository("team/app"), new Tag("v1"));

        assertThat(got.bytes()).isEqualTo(manifest);
        assertThat(registry.requests("GET", "/v2/team/app/manifests/v1")).hasSize(4);
    }

    @Test
    void exhaustedRetriesKeepTheLastErrorKind() {
        registry.on("GET", TAGS, new MockResponse().setResponseCode(502),
                new MockResponse().setResponseCode(429).setBody("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\","
                        + "\"message\":\"slow down\"}]}"));
        RegistryClient client = client(registry.options());

        assertThatThrownBy(() -> client.listTags(registry.repository("team/app")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.TOO_MANY_REQUESTS);
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.getMessage()).contains("listing tags of " + registry.registry() + "/team/app")
                            .contains("slow down");
                });
        assertThat(registry.requests("GET", TAGS)).hasSize(3);
    }

    @Test
    void doesNotRetryAClientError() {
        registry.on("GET", "/v2/team/app/manifests/v1", new MockResponse().setResponseCode(404)
                .setBody("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"));
        RegistryClient client = client(registry.options());

        assertThatThrownBy(() -> client.getManifest(registry.repository("team/app"), new Tag("v1")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.MANIFEST_UNKNOWN));
        assertThat(registry.requests("GET", "/v2/team/app/manifests/v1")).hasSize(1);
    }

    @Test
    void retriesADroppedConnection() {
        registry.on("GET", TAGS, new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST), tags("v1"));

        assertThat(client(registry.options()).listTags(registry.repository("team/app"))).containsExactly("v1");
        assertThat(registry.requests("GET", TAGS)).hasSize(2);
    }

    @Test
    void aStalledResponseFailsAsNetworkError() {
        registry.on("GET", TAGS, new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        RegistryClient client = client(registry.options().withMaxAttempts(1).withReadTimeout(Duration.ofMillis(300)));

        assertThatThrownBy(() -> client.listTags(registry.repository("team/app")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.NETWORK);
                    assertThat(e.getMessage()).contains("timed out");
                });
    }

    @Test
    void a408IsRetried() {
        registry.on("GET", TAGS, new MockResponse().setResponseCode(408), tags("v1"));

        assertThat(client(registry.options()).listTags(registry.repository("team/app"))).containsExactly("v1");
        assertThat(registry.requests("GET", TAGS)).hasSize(2);
    }

    @Test
    void aManifestWhoseBodyIsCutHalfWayIsFetchedAgain() {
        byte[] manifest = TestBlobs.manifestJson("cut");
        String path = "/v2/team/app/manifests/v1";
        MockResponse whole = new MockResponse().setHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                .setBody(new okio.Buffer().write(manifest));
        registry.on("GET", path, whole.clone().setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY), whole);

        Manifest got = client(registry.options()).getManifest(registry.repository("team/app"), new Tag("v1"));

        assertThat(got.bytes()).isEqualTo(manifest);
        assertThat(registry.requests("GET", path)).hasSize(2);
    }

    @Test
    void aPostIsNotRepeatedButATokenPostIs() throws Exception {
        // The OAuth2 refresh-token exchange is a POST that is safe to repeat; a mount or session POST is not repeated.
        registry.on("GET", "/v2/", new MockResponse().setResponseCode(401).setHeader("WWW-Authenticate",
                "Bearer realm=\"" + registry.origin() + "/token\",service=\"mock\""));
        registry.on("POST", "/token", new MockResponse().setResponseCode(502),
                new MockResponse().setBody("{\"access_token\":\"t0k\"}"));
        registry.on("GET", TAGS, tags("v1"));

        List<String> listed = client(registry.options(), new Credentials.IdentityToken("", "refresh"))
                .listTags(registry.repository("team/app"));

        assertThat(listed).containsExactly("v1");
        assertThat(registry.requests("POST", "/token")).hasSize(2);
    }

    @Test
    void anInterruptedThreadGetsNoFurtherTry() {
        registry.on("GET", TAGS, new MockResponse().setResponseCode(503));
        RegistryClient client = client(registry.options().withObserver((reg, method, status, nanos) -> {
            if (status == 503) {
                Thread.currentThread().interrupt(); // as the engine cancels a sync
            }
        }));

        try {
            assertThatThrownBy(() -> client.listTags(registry.repository("team/app")))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.SERVER_ERROR));
        } finally {
            Thread.interrupted();
        }
        assertThat(registry.requests("GET", TAGS)).hasSize(1);
    }

    @Test
    void theObserverSeesEvery429OfARetriedRequest() {
        // The engine's per-registry back-off listens here: a 429 the transport retried away must still reach it.
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        registry.on("GET", TAGS, new MockResponse().setResponseCode(429), new MockResponse().setResponseCode(429),
                tags("v1"));
        RegistryClient client = client(registry.options().withObserver(
                (reg, method, status, nanos) -> statuses.add(status)));

        client.listTags(registry.repository("team/app"));

        assertThat(statuses).as("the ping, then the tag list's three tries").containsExactly(200, 429, 429, 200);
    }

    @Test
    void reportsEveryExchangeToTheObserver() {
        List<String> seen = new CopyOnWriteArrayList<>();
        registry.on("GET", TAGS, new MockResponse().setResponseCode(500), tags("v1"));
        RegistryClient client = client(registry.options().withObserver(
                (reg, method, status, nanos) -> seen.add(reg + " " + method + " " + status + (nanos > 0 ? "" : " !"))));

        client.listTags(registry.repository("team/app"));

        String r = registry.registry();
        assertThat(seen).containsExactly(r + " GET 200", r + " GET 500", r + " GET 200");
    }
}
