package io.hagicode.imagemirror.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>A connection to the registry cut mid-upload is where the attempt continues rather than fails: the session is
 * asked how much it kept ({@link UploadSessions#progress}) and, when that is more than before, the rest goes in
 * chunks from there, the content opened at that offset. Each continuation moves forward, so none is a retry and none
 * spends the caller's retry budget. When the session is gone (Distribution 2.8 drops any session whose request was cut
 * mid-body), kept nothing new, or the content itself failed, the attempt fails and the caller's retry starts a new
 * session.
 *
 * <p>A blob that already exists is not an error: a 201 to the POST means the registry needs no upload, and when the
 * final PUT is refused but a HEAD then finds the blob, the upload counts as done (some registries answer a PUT of
 * content they already hold with an error).
 */
final class BlobUploader {
    private static final Logger LOG = LoggerFactory.getLogger(BlobUploader.class);

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
        WatchedSource content = new WatchedSource(source);
        HttpUrl location = session.get();
        long offset = 0;
        boolean monolithic = !forceChunked;
        try {
            while (true) {
                try {
                    if (monolithic) {
                        Response response = putMonolithic(repository, blob, content, location, what);
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
                        monolithic = false;
                    }
                    finish(repository, blob, chunked.upload(repository, blob, content, location, offset, what), what);
                    return;
                } catch (RegistryException e) {
                    UploadSessions.Progress kept = keptAfterCut(e, content, repository, location, offset);
                    if (kept == null) {
                        throw e;
                    }
                    LOG.info("{}: the connection broke ({}); the session kept {} of {} bytes, continuing from there",
                            what, e.getMessage(), kept.offset(), blob.size());
                    offset = kept.offset();
                    location = kept.location();
                    monolithic = false;
                }
            }
        } catch (RuntimeException e) {
            sessions.cancel(repository, location);
            throw e;
        }
    }

    /** The session's progress when {@code failure} was a cut connection and the session kept more; else null. */
    private UploadSessions.Progress keptAfterCut(RegistryException failure, WatchedSource content,
                                                 Repository repository, HttpUrl location, long offset) {
        if (failure.kind() != RegistryErrorKind.NETWORK || content.failed || Thread.currentThread().isInterrupted()) {
            return null;
        }
        Optional<UploadSessions.Progress> kept;
        try {
            kept = sessions.progress(repository, location);
        } catch (RegistryException e) {
            failure.addSuppressed(e);
            return null;
        }
        return kept.filter(p -> p.offset() > offset).orElse(null);
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

    /**
     * The content, remembering whether it failed: a broken source is the source's failure, which no continuation at
     * the target can mend.
     */
    private static final class WatchedSource implements RegistryClient.BlobSource {
        private final RegistryClient.BlobSource source;
        private volatile boolean failed;

        WatchedSource(RegistryClient.BlobSource source) {
            this.source = source;
        }

        @Override
        public InputStream open() {
            return watch(() -> source.open());
        }

        @Override
        public InputStream openAt(long offset) {
            return watch(() -> source.openAt(offset));
        }

        private InputStream watch(java.util.function.Supplier<InputStream> opening) {
            try {
                InputStream in = opening.get();
                return in == null ? null : new Watched(in);
            } catch (RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        private final class Watched extends FilterInputStream {
            Watched(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException | RuntimeException e) {
                    failed = true;
                    throw e;
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException | RuntimeException e) {
                    failed = true;
                    throw e;
                }
            }
        }
    }
}
