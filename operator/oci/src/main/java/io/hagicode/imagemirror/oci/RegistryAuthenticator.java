package io.hagicode.imagemirror.oci;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The authentication flow of one client. The {@code /v2/} ping (once per client) tells which scheme the registry
 * wants, so requests carry credentials from the start instead of each costing a 401 first: a bearer token for the
 * request's scopes (from the {@link TokenCache}, else fetched), or Basic credentials. When a request still gets a 401,
 * {@link #recover} learns the challenge it carries, drops the rejected token, fetches a new one (for the scopes the
 * challenge names as well), and the caller resends once.
 *
 * <p>Credentials only ever go to the registry's own origin: a request to any other host (object storage behind a
 * redirect, an absolute upload location elsewhere) is sent without them.
 */
final class RegistryAuthenticator {
    private final RegistryTransport transport;
    private final Credentials credentials;
    private final BearerTokenProvider tokens;
    private final TokenCache cache;
    private volatile boolean pingLearned;
    private volatile AuthChallenge bearer;
    private volatile boolean sendBasic;

    RegistryAuthenticator(RegistryTransport transport, Credentials credentials, TokenCache cache) {
        this.transport = transport;
        this.credentials = credentials;
        this.tokens = new BearerTokenProvider(transport, credentials);
        this.cache = cache;
    }

    /**
     * Adds the Authorization header {@code scopes} need, when the request goes to the registry's origin. A token it has
     * to fetch first may be retried by the transport as the request itself may.
     */
    void authorize(Request.Builder request, Set<Scope> scopes) {
        Request draft = request.build();
        if (!transport.isRegistryOrigin(draft.url())) {
            return;
        }
        learnFromPing();
        AuthChallenge challenge = bearer;
        if (challenge != null) {
            BearerToken token = token(challenge, Scope.strings(scopes), Set.of(), TransportRetry.of(draft));
            request.header("Authorization", "Bearer " + token.value());
        } else if (sendBasic && credentials instanceof Credentials.Basic basic) {
            request.header("Authorization",
                    okhttp3.Credentials.basic(basic.username(), basic.password(), StandardCharsets.UTF_8));
        }
    }

    /**
     * After a 401 for {@code scopes}: true when resending can succeed (a new token was fetched, or Basic credentials
     * were not sent yet), false when the registry has refused what we have.
     */
    boolean recover(Response unauthorized, Set<Scope> scopes) {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(unauthorized.headers("WWW-Authenticate"));
        Optional<AuthChallenge> bearerChallenge = AuthChallenge.find(challenges, "bearer");
        if (bearerChallenge.isPresent()) {
            bearer = bearerChallenge.get();
            Set<String> key = Scope.strings(scopes);
            cache.invalidate(key);
            token(bearer, key, challengeScopes(bearer), TransportRetry.of(unauthorized.request()));
            return true;
        }
        boolean basicAsked = AuthChallenge.find(challenges, "basic").isPresent();
        if (basicAsked && !sendBasic && credentials instanceof Credentials.Basic) {
            sendBasic = true;
            return true;
        }
        return false;
    }

    private void learnFromPing() {
        if (pingLearned) {
            return;
        }
        RegistryTransport.Ping ping = transport.ping();
        if (ping.status() == 401) {
            AuthChallenge.find(ping.challenges(), "bearer").ifPresent(c -> bearer = c);
            if (bearer == null && AuthChallenge.find(ping.challenges(), "basic").isPresent()) {
                sendBasic = true;
            }
        }
        pingLearned = true;
    }

    private BearerToken token(AuthChallenge challenge, Set<String> key, Set<String> extraScopes,
                              TransportRetry retry) {
        BearerToken cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Set<String> asked = new TreeSet<>(key);
        asked.addAll(extraScopes);
        BearerTokenProvider.Grant grant = tokens.fetch(challenge, asked, retry);
        return cache.put(asked, grant.token(), grant.lifetime());
    }

    /** The scopes a 401 challenge asks for (space-separated, as Distribution sends them). */
    private static Set<String> challengeScopes(AuthChallenge challenge) {
        Set<String> scopes = new TreeSet<>();
        challenge.param("scope").ifPresent(s -> {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    scopes.add(part);
                }
            }
        });
        return scopes;
    }
}
