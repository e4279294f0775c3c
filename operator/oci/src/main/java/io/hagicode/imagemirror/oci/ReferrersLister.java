package io.hagicode.imagemirror.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code GET /v2/<name>/referrers/<digest>[?artifactType=...]}, page after page by {@code Link}. A registry with the
 * API never answers 404 here (an unknown subject has an empty list), so a 404 means it has no such API: Distribution
 * 2.8 answers {@code 404 page not found} in plain text. The {@code artifactType} filter is applied again here when the
 * registry does not say it applied it ({@code OCI-Filters-Applied}), which the spec allows it to skip.
 */
final class ReferrersLister {
    static final int MAX_PAGES = 100;
    static final int MAX_REFERRERS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryHttp http;
    private final int maxBytes;

    private record Page(List<Referrer> referrers, HttpUrl next, boolean filtered) {
    }

    ReferrersLister(RegistryHttp http, ClientOptions options) {
        this.http = http;
        this.maxBytes = options.maxManifestBytes();
    }

    Optional<List<Referrer>> list(Repository repository, Digest subject, String artifactType) {
        String what = "listing referrers of " + subject.in(repository);
        HttpUrl.Builder first = http.v2(repository).addPathSegment("referrers").addPathSegment(subject.toString());
        if (artifactType != null) {
            first.addQueryParameter("artifactType", artifactType);
        }
        Map<Digest, Referrer> referrers = new LinkedHashMap<>();
        Set<HttpUrl> seen = new LinkedHashSet<>();
        HttpUrl url = first.build();
        boolean firstPage = true;
        while (url != null && seen.add(url)) {
            if (seen.size() > MAX_PAGES) {
                throw invalid(what, "more than " + MAX_PAGES + " pages");
            }
            Optional<Page> page = fetch(repository, url, what, firstPage);
            if (page.isEmpty()) {
                return Optional.empty();
            }
            firstPage = false;
            for (Referrer r : page.get().referrers()) {
                if (artifactType == null || page.get().filtered() || artifactType.equals(r.artifactType())) {
                    referrers.putIfAbsent(r.digest(), r);
                }
            }
            if (referrers.size() > MAX_REFERRERS) {
                throw new RegistryException(RegistryErrorKind.TOO_LARGE, 200,
                        what + " failed: more than " + MAX_REFERRERS + " referrers");
            }
            url = page.get().next();
        }
        return Optional.of(List.copyOf(referrers.values()));
    }

    private Optional<Page> fetch(Repository repository, HttpUrl url, String what, boolean firstPage) {
        try (Response response = http.sendFollowingRedirects(() -> new Request.Builder().url(url).get()
                        .header("Accept", MediaTypes.OCI_INDEX).tag(WholeBody.class, new WholeBody(maxBytes)),
                Scope.forPull(repository), what)) {
            if (response.code() == 404 && firstPage) {
                return Optional.empty();
            }
            if (!response.isSuccessful()) {
                throw RegistryHttp.failure(response, what, RegistryErrorKind.NAME_UNKNOWN);
            }
            List<Referrer> referrers = parse(BoundedBody.read(response, maxBytes, what), what);
            String applied = response.header("OCI-Filters-Applied");
            boolean filtered = applied != null && List.of(applied.split(",")).stream()
                    .anyMatch(f -> f.strip().equals("artifactType"));
            Optional<String> next = LinkHeader.next(response.headers("Link"));
            HttpUrl nextUrl = next.map(link -> response.request().url().resolve(link)).orElse(null);
            if (next.isPresent() && nextUrl == null) {
                throw invalid(what, "unusable Link header '" + next.get() + "'");
            }
            return Optional.of(new Page(referrers, nextUrl, filtered));
        }
    }

    /** The entries of a referrers index: the API's answer, or a fallback tag's index, which has the same shape. */
    static List<Referrer> parse(byte[] body, String what) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw invalid(what, "the referrers list is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid(what, "the referrers list is not a JSON object");
        }
        JsonNode manifests = root.get("manifests");
        if (manifests == null || manifests.isNull()) {
            return List.of();
        }
        if (!manifests.isArray()) {
            throw invalid(what, "'manifests' is not an array");
        }
        List<Referrer> out = new ArrayList<>();
        for (JsonNode m : manifests) {
            Digest digest;
            try {
                digest = Digest.parse(m.path("digest").asText(null));
            } catch (IllegalArgumentException e) {
                throw invalid(what, "an entry has " + e.getMessage());
            }
            JsonNode size = m.get("size");
            if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
                throw invalid(what, "the entry " + digest + " has no valid size");
            }
            out.add(new Referrer(m.path("mediaType").asText(null), digest, size.asLong(),
                    m.path("artifactType").asText(null)));
        }
        return out;
    }

    private static RegistryException invalid(String what, String why) {
        return new RegistryException(RegistryErrorKind.INVALID_RESPONSE, 200, what + " failed: " + why);
    }
}
