package io.hagicode.imagemirror.oci;

import java.io.InputStream;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * {@code GET /v2/<name>/blobs/<digest>}, following redirects (to object storage, without credentials), as a
 * {@link VerifyingInputStream}. Asking for {@code identity} encoding keeps OkHttp from transparently un-gzipping a
 * layer that storage marked {@code Content-Encoding: gzip}, which would change the bytes and so the digest.
 */
final class BlobPuller {
    private final RegistryHttp http;
    private final RetryPolicy retry;

    BlobPuller(RegistryHttp http, RetryPolicy retry) {
        this.http = http;
        this.retry = retry;
    }

    InputStream open(Repository repository, Descriptor blob) {
        String what = "pulling blob " + repository + "@" + blob.digest();
        HttpUrl url = http.v2(repository).addPathSegment("blobs").addPathSegment(blob.digest().toString()).build();
        Response response = retry.call(what, () -> {
            Response r = http.sendFollowingRedirects(
                    () -> new Request.Builder().url(url).get().header("Accept-Encoding", "identity"),
                    Scope.forPull(repository), what);
            if (!r.isSuccessful()) {
                throw RegistryHttp.failure(r, what, RegistryErrorKind.BLOB_UNKNOWN);
            }
            return r;
        });
        ResponseBody body = response.body();
        long announced = body == null ? -1 : body.contentLength();
        if (body == null || (announced >= 0 && blob.size() >= 0 && announced != blob.size())) {
            response.close();
            throw new RegistryException(RegistryErrorKind.DIGEST_MISMATCH, response.code(), what + " failed: the "
                    + "registry announced " + announced + " bytes, the descriptor says " + blob.size()
                    + " (expected digest " + blob.digest() + ")");
        }
        return new VerifyingInputStream(body.byteStream(), blob.digest(), blob.size(), what);
    }
}
