package io.hagicode.imagemirror.oci;

import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code HEAD /v2/<name>/blobs/<digest>}. A redirect counts as "exists" and is not followed: a registry only redirects
 * for content it has, and object storage often rejects a HEAD on a URL presigned for GET.
 */
final class BlobHead {
    private final RegistryHttp http;

    BlobHead(RegistryHttp http) {
        this.http = http;
    }

    boolean exists(Repository repository, Digest digest) {
        String what = "checking blob " + repository + "@" + digest;
        HttpUrl url = http.v2(repository).addPathSegment("blobs").addPathSegment(digest.toString()).build();
        try (Response response = http.send(() -> new Request.Builder().url(url).head(), Scope.forPull(repository),
                what)) {
            int status = response.code();
            if (status == 404) {
                return false;
            }
            if (response.isSuccessful() || (status >= 300 && status < 400)) {
                return true;
            }
            throw RegistryHttp.failure(response, what, RegistryErrorKind.BLOB_UNKNOWN);
        }
    }
}
