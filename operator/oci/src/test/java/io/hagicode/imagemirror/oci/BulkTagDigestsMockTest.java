package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Docker Hub's repository tags API and ACR's {@code _tags} API on a MockWebServer, answering what the public
 * documentation records: the Docker Hub answers follow the "List repository tags" example of the Docker Hub API
 * reference (docs.docker.com/reference/api/hub/latest, paginated_tags: count, next, previous, results[] with name,
 * digest, images[], tag_status, ...), the ACR answers the "Get tags of a repository" example of the Container Registry
 * REST API reference (learn.microsoft.com/rest/api/containerregistry/tag/get-list: registry, imageName, tags[] with
 * name, digest, createdTime, lastUpdateTime, signed, changeableAttributes; next page in a Link header). Digests and
 * names are made up.
 */
class BulkTagDigestsMockTest extends MockRegistryTestBase {
    private static final String HUB_TAGS = "/v2/namespaces/library/repositories/app/tags";
    private static final String ACR_TAGS = "/acr/v1/team/app/_tags";
    private static final Digest D1 = Digest.sha256("index v1".getBytes());
    private static final Digest D2 = Digest.sha256("index v2".getBytes());
    private static final Digest D3 = Digest.sha256("image latest".getBytes());
    private HttpClients http;

    @AfterEach
    void closeHttp() {
        if (http != null) {
            http.close();
        }
    }

    private RegistryClient client(Credentials credentials, OciRegistryClient.BulkChoice bulk) {
        http = new HttpClients(registry.options());
        return new OciRegistryClient(RegistryHost.of(registry.registry()), credentials, false,
                http.forRegistry(false), registry.options(), bulk);
    }

    private RegistryClient hub(Credentials credentials) {
        HttpUrl api = HttpUrl.get(registry.origin() + "/");
        return client(credentials, (host, transport, h) -> Optional.of(new DockerHubTagDigests(transport, api)));
    }

    private RegistryClient acr(Credentials credentials) {
        return client(credentials, (host, transport, h) -> Optional.of(new AcrTagDigests(h)));
    }

    private Repository repo(String path) {
        return registry.repository(path);
    }

    // ---- Docker Hub ----

    private static String hubTag(String name, Digest digest) {
        String digestField = digest == null ? "" : "\"digest\":\"" + digest + "\",";
        return """
                {"creator":7,"id":%d,"images":[{"architecture":"amd64","features":"","variant":null,\
                "digest":"%s","os":"linux","os_features":"","os_version":null,"size":3622892,"status":"active",\
                "last_pulled":"2024-05-02T10:11:12.000000Z","last_pushed":"2024-04-30T09:08:07.000000Z"}],\
                "last_updated":"2024-04-30T09:08:07.123456Z","last_updater":1156886,\
                "last_updater_username":"doijanky","name":"%s","repository":35,"full_size":3622892,"v2":true,\
                "tag_status":"active","tag_last_pulled":"2024-05-02T10:11:12.000000Z",\
                "tag_last_pushed":"2024-04-30T09:08:07.123456Z","media_type":"application/vnd.oci.image.index.v1+json",\
                "content_type":"image",%s"x":0}""".formatted(Math.abs(name.hashCode()),
                Digest.sha256(name.getBytes()), name, digestField);
    }

    private static MockResponse hubPage(long count, String next, String... tags) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"count\":" + count
                + ",\"next\":" + (next == null ? "null" : "\"" + next + "\"") + ",\"previous\":null,\"results\":["
                + String.join(",", tags) + "]}");
    }

    @Test
    void dockerHubPagesAreFollowedAndATagWithoutDigestIsLeftOut() {
        String page2 = registry.origin() + HUB_TAGS + "?page=2&page_size=100";
        registry.on("GET", HUB_TAGS, request -> "2".equals(request.getRequestUrl().queryParameter("page"))
                ? hubPage(3, null, hubTag("old", null))
                : hubPage(3, page2, hubTag("v1", D1), hubTag("latest", D3)));

        Map<String, Digest> listed = hub(Credentials.basic("alice", "s3cret"))
                .listTagDigests(repo("library/app")).orElseThrow();

        assertThat(listed).containsOnly(Map.entry("v1", D1), Map.entry("latest", D3));
        List<RecordedRequest> requests = registry.requests("GET", HUB_TAGS);
        assertThat(requests).extracting(RecordedRequest::getPath)
                .containsExactly(HUB_TAGS + "?page_size=100", HUB_TAGS + "?page=2&page_size=100");
        // hub.docker.com is not the registry: the registry's credentials never go there
        assertThat(requests).allMatch(r -> r.getHeader("Authorization") == null);
    }

    @Test
    void dockerHubPagesThatDoNotAddUpToTheCountAreNotUsed() {
        registry.on("GET", HUB_TAGS, hubPage(5, null, hubTag("v1", D1), hubTag("latest", D3)));

        assertDoubted(hub(Credentials.ANONYMOUS), "library/app", "2 tags listed, the count says 5");
    }

    @Test
    void dockerHubCountChangingBetweenPagesIsNotUsed() {
        String page2 = registry.origin() + HUB_TAGS + "?page=2&page_size=100";
        registry.on("GET", HUB_TAGS, request -> "2".equals(request.getRequestUrl().queryParameter("page"))
                ? hubPage(4, null, hubTag("v2", D2), hubTag("new", D2))
                : hubPage(3, page2, hubTag("v1", D1), hubTag("latest", D3)));

        assertDoubted(hub(Credentials.ANONYMOUS), "library/app", "the count changed from 3 to 4");
    }

    @Test
    void dockerHubTagListedTwiceIsNotUsed() {
        // a push between two page reads shifts Docker Hub's pages, which are sorted by last update
        String page2 = registry.origin() + HUB_TAGS + "?page=2&page_size=100";
        registry.on("GET", HUB_TAGS, request -> "2".equals(request.getRequestUrl().queryParameter("page"))
                ? hubPage(3, null, hubTag("latest", D2))
                : hubPage(3, page2, hubTag("v1", D1), hubTag("latest", D3)));

        assertDoubted(hub(Credentials.ANONYMOUS), "library/app", "tag latest listed twice");
    }

    @Test
    void dockerHubNextLinkToAnotherHostIsNotFollowed() {
        registry.on("GET", HUB_TAGS, hubPage(3, "https://elsewhere.example/v2/namespaces/library/repositories/app/"
                + "tags?page=2", hubTag("v1", D1), hubTag("latest", D3)));

        assertDoubted(hub(Credentials.ANONYMOUS), "library/app", "a next link leads elsewhere");
        assertThat(registry.requests("GET", HUB_TAGS)).hasSize(1);
    }

    @Test
    void dockerHubPrivateRepositoryIsAnAuthFailure() {
        registry.on("GET", HUB_TAGS, new MockResponse().setResponseCode(401)
                .setBody("{\"message\":\"authentication required\",\"errinfo\":{}}"));

        assertThatThrownBy(() -> hub(Credentials.ANONYMOUS).listTagDigests(repo("library/app")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
    }

    @Test
    void dockerHubAnswerThatIsNotJsonIsNotUsed() {
        registry.on("GET", HUB_TAGS, new MockResponse().setBody("<html>maintenance</html>"));

        assertDoubted(hub(Credentials.ANONYMOUS), "library/app", "not JSON");
    }

    @Test
    void dockerHubNamesHaveTwoParts() {
        assertDoubted(hub(Credentials.ANONYMOUS), "a/b/c", "two parts");
        assertThat(registry.requests()).isEmpty();
    }

    // ---- ACR ----

    private static String acrTag(String name, Digest digest) {
        String digestField = digest == null ? "" : "\"digest\":\"" + digest + "\",";
        return """
                {"name":"%s",%s"createdTime":"2018-09-06T06:17:21.0856539Z",\
                "lastUpdateTime":"2018-09-06T06:17:21.0856539Z","signed":false,"changeableAttributes":\
                {"deleteEnabled":true,"writeEnabled":true,"readEnabled":true,"listEnabled":true}}"""
                .formatted(name, digestField);
    }

    private MockResponse acrPage(String imageName, String link, String... tags) {
        MockResponse response = new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"registry\":\"" + registry.registry() + "\",\"imageName\":\"" + imageName
                        + "\",\"tags\":[" + String.join(",", tags) + "]}");
        return link == null ? response : response.setHeader("Link", link);
    }

    @Test
    void acrPagesFollowTheLinkHeaderWithATokenForMetadataRead() {
        String challenge = "Bearer realm=\"" + registry.origin() + "/oauth2/token\",service=\"" + registry.registry()
                + "\",scope=\"repository:team/app:metadata_read\"";
        registry.on("GET", "/v2/", new MockResponse().setResponseCode(401).setHeader("WWW-Authenticate", challenge));
        registry.on("GET", "/oauth2/token", new MockResponse().setBody("{\"access_token\":\"acr-token\"}"));
        registry.on("GET", ACR_TAGS, request -> {
            if (!"Bearer acr-token".equals(request.getHeader("Authorization"))) {
                return new MockResponse().setResponseCode(401).setHeader("WWW-Authenticate", challenge);
            }
            return request.getRequestUrl().queryParameter("last") == null
                    ? acrPage("team/app", "</acr/v1/team/app/_tags?last=latest&n=100&orderby=>; rel=\"next\"",
                            acrTag("latest", D3))
                    : acrPage("team/app", null, acrTag("v1", D1), acrTag("v2", null));
        });

        Map<String, Digest> listed = acr(Credentials.basic("token-user", "s3cret"))
                .listTagDigests(repo("team/app")).orElseThrow();

        assertThat(listed).containsOnly(Map.entry("latest", D3), Map.entry("v1", D1));
        assertThat(registry.requests("GET", "/oauth2/token")).extracting(
                r -> r.getRequestUrl().queryParameterValues("scope")).containsOnly(
                List.of("repository:team/app:metadata_read"));
        assertThat(registry.requests("GET", ACR_TAGS)).extracting(RecordedRequest::getPath)
                .contains(ACR_TAGS + "?n=100", ACR_TAGS + "?last=latest&n=100&orderby=");
    }

    @Test
    void acrListingOfAnotherRepositoryIsNotUsed() {
        registry.on("GET", ACR_TAGS, acrPage("team/other", null, acrTag("v1", D1)));

        assertDoubted(acr(Credentials.ANONYMOUS), "team/app", "it names another repository");
    }

    @Test
    void acrTagListedTwiceIsNotUsed() {
        registry.on("GET", ACR_TAGS, request -> request.getRequestUrl().queryParameter("last") == null
                ? acrPage("team/app", "</acr/v1/team/app/_tags?last=v1&n=100>; rel=\"next\"", acrTag("v1", D1))
                : acrPage("team/app", null, acrTag("v1", D2)));

        assertDoubted(acr(Credentials.ANONYMOUS), "team/app", "tag v1 listed twice");
    }

    @Test
    void acrNextLinkToAnotherPathIsNotFollowed() {
        registry.on("GET", ACR_TAGS, acrPage("team/app", "</acr/v1/team/other/_tags?last=v1&n=100>; rel=\"next\"",
                acrTag("v1", D1)));

        assertDoubted(acr(Credentials.ANONYMOUS), "team/app", "a next link leads elsewhere");
        assertThat(registry.requests()).noneMatch(r -> r.getPath().startsWith("/acr/v1/team/other"));
    }

    @Test
    void acrRefusalIsAnAuthFailure() {
        registry.on("GET", ACR_TAGS, new MockResponse().setResponseCode(403).setBody(
                "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}"));

        assertThatThrownBy(() -> acr(Credentials.ANONYMOUS).listTagDigests(repo("team/app")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.isAuthFailure()).isTrue());
    }

    @Test
    void acrPageWithoutTagsArrayIsNotUsed() {
        registry.on("GET", ACR_TAGS, new MockResponse().setBody("{\"registry\":\"x\",\"imageName\":\"team/app\"}"));

        assertDoubted(acr(Credentials.ANONYMOUS), "team/app", "no tags array");
    }

    // ---- which registries offer a listing ----

    @Test
    void aListingIsOfferedByDockerHubAndAcrHostsOnly() {
        assertThat(offers("docker.io")).isTrue();
        assertThat(offers("registry-1.docker.io")).isTrue();
        assertThat(offers("myregistry.azurecr.io")).isTrue();
        assertThat(offers("myregistry.azurecr.cn")).isTrue();
        assertThat(offers("ghcr.io")).isFalse();
        assertThat(offers("registry.cn-shanghai.aliyuncs.com")).isFalse();
        assertThat(offers("azurecr.io.example.com")).isFalse();
    }

    @Test
    void aRegistryWithoutListingAnswersEmptyWithoutARequest() {
        RegistryClient plain = client(Credentials.ANONYMOUS, BulkTagDigests::forRegistry);

        assertThat(plain.listTagDigests(repo("team/app"))).isEmpty();
        assertThat(registry.requests()).isEmpty();
    }

    private static boolean offers(String registryName) {
        try (HttpClients clients = new HttpClients(ClientOptions.defaults())) {
            RegistryHost host = RegistryHost.of(registryName);
            RegistryTransport transport = new RegistryTransport(host, false, clients.forRegistry(false),
                    new RetryInterceptor(1, Backoff.of(ClientOptions.defaults())), RequestObserver.NONE);
            return BulkTagDigests.forRegistry(host, transport, null).isPresent();
        }
    }

    private void assertDoubted(RegistryClient client, String path, String why) {
        assertThatThrownBy(() -> client.listTagDigests(repo(path)))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.INVALID_RESPONSE);
                    assertThat(e.getMessage()).contains(why);
                });
    }
}
