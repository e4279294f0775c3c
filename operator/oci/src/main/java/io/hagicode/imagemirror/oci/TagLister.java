package io.hagicode.imagemirror.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code GET /v2/<name>/tags/list}, page after page by {@code Link: <...>; rel="next"}. Bounded in pages and tags, so a
 * registry whose links go round in circles or never end cannot keep a sync busy forever.
 */
final class TagLister {
    static final int PAGE_SIZE = 1000;
    static final int MAX_TAGS = 100_000;
    static final int MAX_PAGES = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryHttp http;

    private record Page(List<String> tags, HttpUrl next) {
    }

    TagLister(RegistryHttp http) {
        this.http = http;
    }

    List<String> list(Repository repository) {
        String what = "listing tags of " + repository;
        Set<String> tags = new LinkedHashSet<>();
        HttpUrl url = http.v2(repository).addPathSegment("tags").addPathSegment("list")
                .addQueryParameter("n", Integer.toString(PAGE_SIZE)).build();
        Set<HttpUrl> seen = new LinkedHashSet<>();
        while (url != null && seen.add(url)) {
            if (seen.size() > MAX_PAGES) {
                throw new RegistryException(RegistryErrorKind.TOO_LARGE, 200,
                        what + " failed: more than " + MAX_PAGES + " pages");
            }
            Page page = fetch(repository, url, what);
            tags.addAll(page.tags());
            if (tags.size() > MAX_TAGS) {
                throw new RegistryException(RegistryErrorKind.TOO_LARGE, 200,
                        what + " failed: more than " + MAX_TAGS + " tags");
            }
            url = page.next();
        }
        return List.copyOf(tags);
    }

    private Page fetch(Repository repository, HttpUrl url, String what) {
        try (Response response = http.sendFollowingRedirects(() -> new Request.Builder().url(url).get()
                .tag(WholeBody.class, new WholeBody(BoundedBody.TAG_PAGE_LIMIT)), Scope.forPull(repository), what)) {
            if (!response.isSuccessful()) {
                throw RegistryHttp.failure(response, what, RegistryErrorKind.NAME_UNKNOWN);
            }
            List<String> tags = parse(BoundedBody.read(response, BoundedBody.TAG_PAGE_LIMIT, what), what);
            Optional<String> next = LinkHeader.next(response.headers("Link"));
            HttpUrl nextUrl = next.map(link -> response.request().url().resolve(link)).orElse(null);
            if (next.isPresent() && nextUrl == null) {
                throw new RegistryException(RegistryErrorKind.INVALID_RESPONSE, response.code(),
                        what + " failed: unusable Link header '" + next.get() + "'");
            }
            return new Page(tags, nextUrl);
        }
    }

    static List<String> parse(byte[] body, String what) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw invalid(what, "the tag list is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid(what, "the tag list is not a JSON object");
        }
        JsonNode tags = root.get("tags");
        if (tags == null || tags.isNull()) {
            return List.of(); // Distribution sends "tags": null for a repository whose tags were all deleted
        }
        if (!tags.isArray()) {
            throw invalid(what, "'tags' is not an array");
        }
        List<String> result = new ArrayList<>(tags.size());
        for (JsonNode tag : tags) {
            if (!tag.isTextual()) {
                throw invalid(what, "'tags' holds a non-string entry");
            }
            result.add(tag.asText());
        }
        return result;
    }

    private static RegistryException invalid(String what, String why) {
        return new RegistryException(RegistryErrorKind.INVALID_RESPONSE, 200, what + " failed: " + why);
    }
}
