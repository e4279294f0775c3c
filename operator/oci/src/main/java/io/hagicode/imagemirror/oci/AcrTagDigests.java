package io.hagicode.imagemirror.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Azure Container Registry's tag listing, {@code GET /acr/v1/<name>/_tags?n=100} on the registry itself:
 * {@code {"registry", "imageName": name, "tags": [{"name", "digest", "createdTime", "lastUpdateTime", ...}]}}, the
 * next page in a {@code Link: <...>; rel="next"} header (learn.microsoft.com, Container Registry REST API, "Tag - Get
 * List"). It is the registry's own record of its tags, with the registry's credentials; a token for it carries the
 * {@code metadata_read} action, which the registry's challenge asks for.
 * <p>
 * Used only when it names the repository asked about, no tag is listed twice and every next link stays on the first
 * page's path.
 */
final class AcrTagDigests implements BulkTagDigests {
    static final int PAGE_SIZE = 100;
    static final int MAX_PAGES = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryHttp http;

    AcrTagDigests(RegistryHttp http) {
        this.http = http;
    }

    private record Page(JsonNode body, HttpUrl next) {
    }

    @Override
    public Map<String, Digest> list(Repository repository) {
        String what = "the registry's tag listing (_tags) of " + repository;
        HttpUrl first = http.root().addPathSegment("acr").addPathSegment("v1").addPathSegments(repository.path())
                .addPathSegment("_tags").addQueryParameter("n", Integer.toString(PAGE_SIZE)).build();
        Set<Scope> scopes = Set.of(new Scope(repository.path(), "metadata_read"));
        Map<String, Digest> digests = new HashMap<>();
        Set<String> names = new HashSet<>();
        HttpUrl url = first;
        for (int pages = 1; url != null; pages++) {
            if (pages > MAX_PAGES) {
                throw BulkTagDigests.doubt(what, "more than " + MAX_PAGES + " pages");
            }
            Page page = fetch(url, scopes, what);
            if (!repository.path().equals(page.body().path("imageName").asText(null))) {
                throw BulkTagDigests.doubt(what, "it names another repository");
            }
            JsonNode tags = page.body().get("tags");
            if (tags == null || !tags.isArray()) {
                throw BulkTagDigests.doubt(what, "no tags array");
            }
            BulkTagDigests.addEntries(tags, names, digests, what);
            url = page.next();
            if (url != null && (!url.encodedPath().equals(first.encodedPath()) || !http.isRegistryOrigin(url))) {
                throw BulkTagDigests.doubt(what, "a next link leads elsewhere");
            }
        }
        return digests;
    }

    private Page fetch(HttpUrl url, Set<Scope> scopes, String what) {
        try (Response response = http.send(() -> new Request.Builder().url(url).get()
                .header("Accept", "application/json"), scopes, what)) {
            if (!response.isSuccessful()) {
                throw RegistryErrors.fromResponse(response, what, RegistryErrorKind.NAME_UNKNOWN);
            }
            JsonNode root = JSON.readTree(BoundedBody.read(response, BoundedBody.TAG_PAGE_LIMIT, what));
            if (root == null || !root.isObject()) {
                throw BulkTagDigests.doubt(what, "a page is not a JSON object");
            }
            Optional<String> next = LinkHeader.next(response.headers("Link"));
            HttpUrl nextUrl = next.map(link -> response.request().url().resolve(link)).orElse(null);
            if (next.isPresent() && nextUrl == null) {
                throw BulkTagDigests.doubt(what, "an unusable Link header");
            }
            return new Page(root, nextUrl);
        } catch (IOException e) {
            throw BulkTagDigests.doubt(what, "a page is not JSON");
        }
    }
}
