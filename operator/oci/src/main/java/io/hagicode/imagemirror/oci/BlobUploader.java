package io.hagicode.imagemirror.oci;

import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Blob upload: open a session, then one streamed monolithic {@code PUT <location>?digest=} of the whole blob. When the
 * registry (usually a proxy in front of it) refuses that with 413, or the options ask for it, the upload goes in
 * chunks ({@link ChunkedUpload}) through a fresh session. A failed upload's session is cancelled.
 *
 * <p>One attempt, and none of its requests is repeated by the transport ({@link RegistryHttp#neverRetrying()}; only a
 * 401 is answered once with fresh credentials): an upload is retried as a whole by its caller, which alone can read
 * the content again (the engine's BlobUpload, as go-containerregistry's write.go retries a whole upload and marks its
 * requests never-retry). A retry here as well multiplied the tries of a fault that never heals.
 *
 * <p>A blob that already exists is not an error: a 201 to the POST means the registry needs no upload, and when the
 * final PUT is refused but a HEAD then finds the blob, the upload counts as done (some registries answer a PUT of
 * content they already hold with an error).
 */
final class BlobUploader {
    private final RegistryHttp http;
    private final UploadSessions sessions;
    private final ChunkedUpload chunked;
    private final BlobHead head;
    private final boolean forceChunked;

    BlobUploader(RegistryHttp http, ClientOptions options) {
        this.http = http.neverRetrying();
        this.sessions = new UploadSessions(this.http);
        this.chunked = new ChunkedUpload(this.http, options.chunkSize());
        this.head = new BlobHead(this.http);
        this.forceChunked = options.forceChunkedUpload();
    }

    void push(Repository repository, Descriptor blob, RegistryClient.BlobSource source) {
        if (blob.size() < 0) {
            throw new IllegalArgumentException("cannot upload blob " + blob.digest() + " of unknown size");
        }
        String what = "pushing blob " + repository + "@" + blob.digest();
        Optional<HttpUrl> session = sessions.start(repository, what);
        if (session.isEmpty()) {
            return;
        }
        HttpUrl location = session.get();
        try {
            if (!forceChunked) {
                Response response = putMonolithic(repository, blob, source, location, what);
                if (response.code() != 413) {
                    finish(repository, blob, response, what);
                    return;
                }
                response.close();
                sessions.cancel(repository, location);
                location = sessions.start(repository, what).orElse(null);
                if (location == null) {
                    return;
                }
            }
            finish(repository, blob, chunked.upload(repository, blob, source, location, what), what);
        } catch (RuntimeException e) {
            sessions.cancel(repository, location);
            throw e;
        }
    }

    private Response putMonolithic(Repository repository, Descriptor blob, RegistryClient.BlobSource source,
                                   HttpUrl location, String what) {
        HttpUrl url = UploadSessions.withDigest(location, blob.digest());
        return http.send(() -> new Request.Builder().url(url).put(new BlobSourceBody(source, blob, what)),
                Scope.forPush(repository), what);
    }

    /** Accepts a 2xx; otherwise the blob may already be there (then fine), else the registry's error. */
    private void finish(Repository repository, Descriptor blob, Response response, String what) {
        try (response) {
            if (response.isSuccessful()) {
                return;
            }
            RegistryException failure = RegistryHttp.failure(response, what, RegistryErrorKind.BLOB_UNKNOWN);
            if (failure.isRetryable() || failure.isAuthFailure() || !head.exists(repository, blob.digest())) {
                throw failure;
            }
        }
    }
}
