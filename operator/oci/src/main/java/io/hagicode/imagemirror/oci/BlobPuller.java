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

    BlobPuller(RegistryHttp http) {
        this.http = http;
    }

    InputStream open(Repository repository, Descriptor blob) {
        String what = "pulling blob " + repository + "@" + blob.digest();
        HttpUrl url = http.v2(repository).addPathSegment("blobs").addPathSegment(blob.digest().toString()).build();
        Response response = http.sendFollowingRedirects(
                () -> new Request.Builder().url(url).get().header("Accept-Encoding", "identity"),
                Scope.forPull(repository), what);
        if (!response.isSuccessful()) {
            throw RegistryHttp.failure(response, what, RegistryErrorKind.BLOB_UNKNOWN);
        }
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
