package io.hagicode.imagemirror.oci;

import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Cross-repository mount, {@code POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<repo>}. 201: mounted. 202: the
 * registry opened an upload session instead (the source is unknown to it or not readable with our token); the session
 * is cancelled and the caller uploads. Other refusals also mean "upload instead", except authentication failures,
 * which an upload would hit too and are reported at once. A POST, so the transport does not repeat it: a failed mount
 * costs one request, and the upload that follows has retries of its own.
 */
final class BlobMounter {
    private final RegistryHttp http;
    private final UploadSessions sessions;

    BlobMounter(RegistryHttp http) {
        this.http = http;
        this.sessions = new UploadSessions(http);
    }

    boolean mount(Repository repository, Digest digest, Repository from) {
        if (!repository.registry().equals(from.registry())) {
            return false;
        }
        String what = "mounting blob " + digest + " from " + from + " into " + repository;
        HttpUrl url = http.v2(repository).addPathSegment("blobs").addPathSegment("uploads").addPathSegment("")
                .addQueryParameter("mount", digest.toString())
                .addQueryParameter("from", from.path())
                .build();
        try {
            return ask(repository, from, url, what);
        } catch (RegistryException e) {
            if (e.isAuthFailure() || e.kind() == RegistryErrorKind.REFUSED) {
                throw e;
            }
            return false;
        }
    }

    private boolean ask(Repository repository, Repository from, HttpUrl url, String what) {
        try (Response response = http.send(() -> new Request.Builder().url(url).post(UploadSessions.emptyBody()),
                Scope.forMount(repository, from), what)) {
            if (response.code() == 201) {
                return true;
            }
            if (response.code() == 202) {
                if (response.header("Location") != null) {
                    sessions.cancel(repository, http.resolve(response, what));
                }
                return false;
            }
            throw RegistryHttp.failure(response, what, RegistryErrorKind.OTHER);
        }
    }
}
