package io.hagicode.imagemirror.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Fetches bearer tokens from the realm a registry names in its challenge (Docker's token authentication and its OAuth2
 * variant). Basic credentials go to the realm as an Authorization header on a GET; an identity token (the refresh
 * token {@code docker login} stores) is exchanged by an OAuth2 POST with {@code grant_type=refresh_token}. Anonymous
 * clients ask without credentials, which is how public Docker Hub images are pulled.
 */
final class BearerTokenProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "imagemirror";

    private final RegistryTransport transport;
    private final Credentials credentials;

    /** A token and its lifetime ({@code null} when the server did not say). */
    record Grant(String token, Duration lifetime) {
        @Override
        public String toString() {
            return "Grant[token=***, lifetime=" + lifetime + "]";
        }
    }

    BearerTokenProvider(RegistryTransport transport, Credentials credentials) {
        this.transport = transport;
        this.credentials = credentials;
    }

    /**
     * @param retry whether the transport may repeat the fetch: as the request that needs the token may be (asking a
     *              token server twice, even by POST, is harmless)
     */
    Grant fetch(AuthChallenge challenge, Set<String> scopes, TransportRetry retry) {
        String realm = challenge.param("realm").orElseThrow(() -> new RegistryException(
                RegistryErrorKind.INVALID_RESPONSE, 401, "registry " + transport.registry()
                + " asked for a bearer token but named no realm"));
        HttpUrl realmUrl = TokenRealmPolicy.check(realm, transport.registry(), transport.isHttps(), transport.insecure());
        String service = challenge.param("service").orElse(null);
        String what = "fetching a token for " + String.join(" ", scopes) + " from " + realmUrl.host() + ":"
                + realmUrl.port() + realmUrl.encodedPath() + " as " + credentials;
        Request request = (credentials instanceof Credentials.IdentityToken identity
                ? oauthRequest(realmUrl, service, scopes, identity)
                : getRequest(realmUrl, service, scopes)).tag(TransportRetry.class, retry)
                .tag(WholeBody.class, new WholeBody(BoundedBody.TOKEN_LIMIT)).build();
        try (Response response = transport.executeTokenRequest(request, what)) {
            if (!response.isSuccessful()) {
                throw RegistryErrors.fromResponse(response, what, RegistryErrorKind.OTHER);
            }
            return parse(BoundedBody.read(response, BoundedBody.TOKEN_LIMIT, what), what);
        }
    }

    private Request.Builder getRequest(HttpUrl realm, String service, Set<String> scopes) {
        HttpUrl.Builder url = realm.newBuilder();
        if (service != null) {
            url.addQueryParameter("service", service);
        }
        for (String scope : scopes) {
            url.addQueryParameter("scope", scope);
        }
        Request.Builder request = new Request.Builder().url(url.build()).get();
        if (credentials instanceof Credentials.Basic basic) {
            request.header("Authorization",
                    okhttp3.Credentials.basic(basic.username(), basic.password(), StandardCharsets.UTF_8));
        }
        return request;
    }

    private Request.Builder oauthRequest(HttpUrl realm, String service, Set<String> scopes,
                                         Credentials.IdentityToken identity) {
        FormBody.Builder form = new FormBody.Builder()
                .add("grant_type", "refresh_token")
                .add("refresh_token", identity.token())
                .add("client_id", CLIENT_ID);
        if (service != null) {
            form.add("service", service);
        }
        if (!scopes.isEmpty()) {
            form.add("scope", String.join(" ", scopes));
        }
        return new Request.Builder().url(realm).post(form.build());
    }

    static Grant parse(byte[] body, String what) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw invalid(what, "the answer is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid(what, "the answer is not a JSON object");
        }
        String token = text(root, "token");
        if (token == null) {
            token = text(root, "access_token");
        }
        if (token == null) {
            throw invalid(what, "the answer has neither 'token' nor 'access_token'");
        }
        JsonNode expires = root.get("expires_in");
        Duration lifetime = expires != null && expires.canConvertToLong() && expires.asLong() > 0
                ? Duration.ofSeconds(expires.asLong()) : null;
        return new Grant(token, lifetime);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    private static RegistryException invalid(String what, String why) {
        return new RegistryException(RegistryErrorKind.INVALID_RESPONSE, 200, what + " failed: " + why);
    }
}
