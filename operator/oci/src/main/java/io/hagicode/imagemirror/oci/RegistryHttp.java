package io.hagicode.imagemirror.oci;

import java.util.Set;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Authenticated exchanges with one registry: adds credentials, resends once after a 401 the authenticator could
 * recover from (not a retry: the request is answered with fresh credentials), and follows redirects itself. A redirect
 * hop to another origin is sent without the Authorization header: blob GETs of Docker Hub, ACR or Aliyun end at object
 * storage that must never see the registry's token.
 */
final class RegistryHttp {
    static final int MAX_REDIRECTS = 5;

    private final RegistryTransport transport;
    private final RegistryAuthenticator auth;
    private final boolean transportRetries;

    RegistryHttp(RegistryTransport transport, RegistryAuthenticator auth) {
        this(transport, auth, true);
    }

    private RegistryHttp(RegistryTransport transport, RegistryAuthenticator auth, boolean transportRetries) {
        this.transport = transport;
        this.auth = auth;
        this.transportRetries = transportRetries;
    }

    /**
     * The same exchanges with every request (token fetches included) tagged {@link TransportRetry#NEVER}: for a blob
     * upload, which is retried as a whole by its caller.
     */
    RegistryHttp neverRetrying() {
        return new RegistryHttp(transport, auth, false);
    }

    String registry() {
        return transport.registry();
    }

    /** {@code scheme://host/}, for the APIs a registry offers beside {@code /v2/}. */
    HttpUrl.Builder root() {
        return transport.url();
    }

    /** True for URLs of the registry itself. */
    boolean isRegistryOrigin(HttpUrl url) {
        return transport.isRegistryOrigin(url);
    }

    /** {@code scheme://host/v2/<repository>/}, ready for the endpoint's own segments. */
    HttpUrl.Builder v2(Repository repository) {
        return transport.url().addPathSegment("v2").addPathSegments(repository.path());
    }

    /** Resolves a {@code Location} (relative or absolute) against the URL of the request it answered. */
    HttpUrl resolve(Response response, String what) {
        String location = response.header("Location");
        HttpUrl url = location == null ? null : response.request().url().resolve(location);
        if (url == null) {
            throw new RegistryException(RegistryErrorKind.INVALID_RESPONSE, response.code(),
                    what + " failed: the registry answered HTTP " + response.code() + " without a usable Location");
        }
        return url;
    }

    /**
     * Sends the request {@code request} builds; after a recoverable 401 it builds and sends it again (so a request
     * body is produced afresh). The caller closes the response.
     */
    Response send(Supplier<Request.Builder> request, Set<Scope> scopes, String what) {
        Response response = sendOnce(request.get(), scopes, what);
        if (response.code() == 401) {
            boolean resend;
            try {
                resend = auth.recover(response, scopes);
            } catch (RuntimeException e) {
                response.close();
                throw e;
            }
            if (resend) {
                response.close();
                response = sendOnce(request.get(), scopes, what);
            }
        }
        return response;
    }

    /** {@link #send}, then follows up to {@value #MAX_REDIRECTS} redirects of a GET or HEAD. */
    Response sendFollowingRedirects(Supplier<Request.Builder> request, Set<Scope> scopes, String what) {
        return followRedirects(send(request, scopes, what), scopes, what);
    }

    /**
     * A GET or HEAD straight to a URL that a redirect handed out earlier (object storage, to resume a blob read there):
     * credentials go only to the registry's own origin, as on a redirect hop; further redirects are followed.
     */
    Response sendToRedirectTarget(Request.Builder request, Set<Scope> scopes, String what) {
        request.removeHeader("Authorization");
        auth.authorize(request, scopes);
        return followRedirects(transport.execute(request.build(), what), scopes, what);
    }

    private Response followRedirects(Response first, Set<Scope> scopes, String what) {
        Response response = first;
        for (int hops = 0; isRedirect(response.code()); hops++) {
            if (hops == MAX_REDIRECTS || response.header("Location") == null) {
                int status = response.code();
                response.close();
                throw new RegistryException(RegistryErrorKind.INVALID_RESPONSE, status, what + " failed: "
                        + (hops == MAX_REDIRECTS ? "more than " + MAX_REDIRECTS + " redirects" : "a redirect without Location"));
            }
            HttpUrl next;
            try {
                next = resolve(response, what);
            } finally {
                response.close();
            }
            Request.Builder hop = response.request().newBuilder().url(next).removeHeader("Authorization");
            auth.authorize(hop, scopes);
            response = transport.execute(hop.build(), what);
        }
        return response;
    }

    /** The error for {@code response}, which this closes. */
    static RegistryException failure(Response response, String what, RegistryErrorKind notFoundKind) {
        try (response) {
            return RegistryErrors.fromResponse(response, what, notFoundKind);
        }
    }

    private Response sendOnce(Request.Builder request, Set<Scope> scopes, String what) {
        if (!transportRetries) {
            request.tag(TransportRetry.class, TransportRetry.NEVER);
        }
        auth.authorize(request, scopes);
        return transport.execute(request.build(), what);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
