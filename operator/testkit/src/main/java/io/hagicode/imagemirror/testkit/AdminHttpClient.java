package io.hagicode.imagemirror.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw HTTP (JDK HttpClient) from the kit to a {@link DistributionRegistry} it started, as that registry's admin: the
 * unauthenticated readiness probes and log barriers, and the manifest reads and writes fixtures need where spawning
 * skopeo per request would be too slow. It answers Basic and Bearer challenges with the admin credentials. It is not
 * the product's client under test ({@code io.hagicode.imagemirror.oci}), and nothing outside the kit sees it.
 */
final class AdminHttpClient {
    static final String ACCEPT_MANIFESTS = String.join(",",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String baseUrl;
    private final BasicCredentials credentials;
    private final Map<String, String> tokensByScope = new ConcurrentHashMap<>();

    AdminHttpClient(String baseUrl, TlsMaterial tls, BasicCredentials credentials) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                // Plain HTTP/2 would start every connection with an h2c upgrade attempt Distribution ignores.
                .version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            b.sslContext(tls.sslContext());
        }
        this.client = b.build();
        this.baseUrl = baseUrl;
        this.credentials = credentials;
    }

    /** Status of an unauthenticated GET, or empty when nothing answers. */
    Optional<Integer> probe(String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return Optional.of(client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Raw manifest bytes and content type, or empty on 404. */
    Optional<Response> getManifest(String repository, String reference) {
        Response r = send(repository, "pull", HttpRequest.newBuilder(url(repository, reference))
                .header("Accept", ACCEPT_MANIFESTS).GET());
        if (r.status == 404) {
            return Optional.empty();
        }
        r.requireSuccess("GET manifest " + repository + ":" + reference);
        return Optional.of(r);
    }

    void putManifest(String repository, String reference, String mediaType, byte[] bytes) {
        send(repository, "pull,push", HttpRequest.newBuilder(url(repository, reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)))
                .requireSuccess("PUT manifest " + repository + ":" + reference);
    }

    private URI url(String repository, String reference) {
        return URI.create(baseUrl + "/v2/" + repository + "/manifests/" + reference);
    }

    private Response send(String repository, String actions, HttpRequest.Builder request) {
        String scope = "repository:" + repository + ":" + actions;
        String token = tokensByScope.get(scope);
        Response first = exchange(request, token != null ? "Bearer " + token
                : credentials != null ? credentials.basicAuthorizationHeader() : null);
        if (first.status != 401) {
            return first;
        }
        Optional<String> challenge = first.header("WWW-Authenticate").filter(h -> h.startsWith("Bearer "));
        if (challenge.isEmpty()) {
            return first;
        }
        String fresh = fetchToken(challenge.get(), scope);
        tokensByScope.put(scope, fresh);
        return exchange(request, "Bearer " + fresh);
    }

    private String fetchToken(String challenge, String scope) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String url = params.get("realm") + "?service=" + enc(params.getOrDefault("service", ""))
                + "&scope=" + enc(scope);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).GET();
        Response r = exchange(req, credentials != null ? credentials.basicAuthorizationHeader() : null);
        r.requireSuccess("token request to " + params.get("realm"));
        try {
            return JSON.readTree(r.body).path("token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response exchange(HttpRequest.Builder request, String authorization) {
        HttpRequest.Builder b = request.copy().timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(resp.statusCode(), resp.body(), resp);
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + baseUrl + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    record Response(int status, byte[] body, HttpResponse<byte[]> raw) {
        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void requireSuccess(String what) {
            if (status / 100 != 2) {
                String text = new String(body, StandardCharsets.UTF_8);
                throw new IllegalStateException(what + " answered HTTP " + status + ": "
                        + text.substring(0, Math.min(400, text.length())));
            }
        }
    }
}
