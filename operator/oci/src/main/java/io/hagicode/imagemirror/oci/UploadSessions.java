package io.hagicode.imagemirror.oci;

import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Opening and cancelling blob upload sessions ({@code POST /v2/<name>/blobs/uploads/}, {@code DELETE <location>}).
 * The session's {@code Location} may be relative or absolute and may carry a query string of its own (Distribution
 * keeps its {@code _state} there), so URLs are always resolved and extended with {@link HttpUrl}, never concatenated.
 */
final class UploadSessions {
    static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

    private final RegistryHttp http;

    UploadSessions(RegistryHttp http) {
        this.http = http;
    }

    /** A new session's location; empty when the registry answered 201, i.e. it needs no upload (it has the blob). */
    Optional<HttpUrl> start(Repository repository, String what) {
        HttpUrl url = http.v2(repository).addPathSegment("blobs").addPathSegment("uploads").addPathSegment("").build();
        try (Response response = http.send(() -> new Request.Builder().url(url).post(emptyBody()),
                Scope.forPush(repository), what)) {
            if (response.code() == 201) {
                return Optional.empty();
            }
            if (response.code() != 202) {
                throw RegistryHttp.failure(response, what, RegistryErrorKind.NAME_UNKNOWN);
            }
            return Optional.of(http.resolve(response, what));
        }
    }

    /** Best effort: an abandoned session only costs the registry some storage until it garbage-collects it. */
    void cancel(Repository repository, HttpUrl location) {
        String what = "cancelling an upload to " + repository;
        try (Response ignored = http.send(() -> new Request.Builder().url(location).delete()
                .tag(TransportRetry.class, TransportRetry.NEVER), Scope.forPush(repository), what)) {
            // Any answer will do.
        } catch (RegistryException ignored) {
            // Nothing to do: the upload's real outcome is what matters.
        }
    }

    /** {@code location} with {@code digest=} added to whatever query it has. */
    static HttpUrl withDigest(HttpUrl location, Digest digest) {
        return location.newBuilder().addQueryParameter("digest", digest.toString()).build();
    }

    static RequestBody emptyBody() {
        return RequestBody.create(new byte[0], (MediaType) null);
    }
}
