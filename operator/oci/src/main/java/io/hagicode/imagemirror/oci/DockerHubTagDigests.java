package io.hagicode.imagemirror.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Docker Hub's repository tags API, {@code GET https://hub.docker.com/v2/namespaces/<ns>/repositories/<repo>/tags
 * ?page_size=100}: {@code {"count": N, "next": url-or-null, "results": [{"name", "digest", "images": [...]}, ...]}}
 * (docs.docker.com, Docker Hub API reference, "List repository tags"). {@code digest} is the tag's manifest digest,
 * an index's for a multi-platform tag; tags pushed before Docker Hub recorded it have none and are left out.
 * <p>
 * Sent without credentials: hub.docker.com is not the registry, and the registry's token is not for it. A private
 * repository therefore answers 401 or 404, and the caller HEADs as before. The answer is used only when its pages add up
 * to its {@code count}, no tag is listed twice and every {@code next} link stays on the first page's URL (a tag pushed
 * while the pages are read shifts them, since Docker Hub sorts by last update).
 */
final class DockerHubTagDigests implements BulkTagDigests {
    static final HttpUrl HUB_API = HttpUrl.get("https://hub.docker.com/");
    static final int PAGE_SIZE = 100;
    static final int MAX_PAGES = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryTransport transport;
    private final HttpUrl api;

    /** @param api the API's root, {@link #HUB_API} but in tests */
    DockerHubTagDigests(RegistryTransport transport, HttpUrl api) {
        this.transport = transport;
        this.api = api;
    }

    @Override
    public Map<String, Digest> list(Repository repository) {
        String what = "Docker Hub's tag listing of " + repository;
        String[] parts = repository.path().split("/");
        if (parts.length != 2) {
            throw BulkTagDigests.doubt(what, "Docker Hub names have two parts");
        }
        HttpUrl first = api.newBuilder().addPathSegment("v2").addPathSegment("namespaces").addPathSegment(parts[0])
                .addPathSegment("repositories").addPathSegment(parts[1]).addPathSegment("tags")
                .addQueryParameter("page_size", Integer.toString(PAGE_SIZE)).build();
        Map<String, Digest> digests = new HashMap<>();
        Set<String> names = new HashSet<>();
        long count = -1;
        HttpUrl url = first;
        for (int pages = 1; url != null; pages++) {
            if (pages > MAX_PAGES) {
                throw BulkTagDigests.doubt(what, "more than " + MAX_PAGES + " pages");
            }
            JsonNode page = fetch(url, what);
            JsonNode pageCount = page.get("count");
            if (pageCount == null || !pageCount.canConvertToLong() || !pageCount.isIntegralNumber()) {
                throw BulkTagDigests.doubt(what, "no count");
            }
            if (count >= 0 && pageCount.asLong() != count) {
                throw BulkTagDigests.doubt(what, "the count changed from " + count + " to " + pageCount.asLong()
                        + " while the pages were read");
            }
            count = pageCount.asLong();
            JsonNode results = page.get("results");
            if (results == null || !results.isArray()) {
                throw BulkTagDigests.doubt(what, "no results array");
            }
            BulkTagDigests.addEntries(results, names, digests, what);
            url = next(page.get("next"), first, what);
        }
        if (names.size() != count) {
            throw BulkTagDigests.doubt(what, names.size() + " tags listed, the count says " + count);
        }
        return digests;
    }

    private JsonNode fetch(HttpUrl url, String what) {
        Request request = new Request.Builder().url(url).get().header("Accept", "application/json").build();
        try (Response response = transport.execute(request, what)) {
            if (!response.isSuccessful()) {
                throw RegistryErrors.fromResponse(response, what, RegistryErrorKind.NAME_UNKNOWN);
            }
            byte[] body = BoundedBody.read(response, BoundedBody.TAG_PAGE_LIMIT, what);
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw BulkTagDigests.doubt(what, "a page is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw BulkTagDigests.doubt(what, "a page is not JSON");
        }
    }

    /** The next page, which must be the first page's URL with other query parameters; null after the last. */
    private static HttpUrl next(JsonNode next, HttpUrl first, String what) {
        if (next == null || next.isNull()) {
            return null;
        }
        HttpUrl url = next.isTextual() ? HttpUrl.parse(next.asText()) : null;
        if (url == null || !url.scheme().equals(first.scheme()) || !url.host().equals(first.host())
                || url.port() != first.port() || !url.encodedPath().equals(first.encodedPath())) {
            throw BulkTagDigests.doubt(what, "a next link leads elsewhere");
        }
        return url;
    }
}
