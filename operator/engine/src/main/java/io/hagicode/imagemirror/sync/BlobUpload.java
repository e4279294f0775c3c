package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;

/**
 * Uploads one blob to one target, on the upload pool: the first attempt reads the shared reader's {@link TargetPipe},
 * each retry reads a stream of its own ({@link BlobRereads}: the reader's spool, then the source), so a failing target
 * never makes the others re-read. This is the engine's one retry ({@link UploadRetry}): the client repeats none of an
 * upload's requests. A source stream that could not even be opened ends the retries, since the source client already
 * retried that request. Gives the target's registry slot back as soon as it is done, whatever the other targets do.
 * Throws when the upload failed: a {@link Failure} that blames the source or the target, whichever broke, or a
 * {@link CancellationException}.
 */
final class BlobUpload implements Runnable {
    private final Target target;
    private final Descriptor blob;
    private final BlobRereads rereads;
    private final TargetPipe pipe;
    private final TransferLease lease;
    private final UploadRetry retry;

    BlobUpload(Target target, Descriptor blob, BlobRereads rereads, TargetPipe pipe, TransferLease lease,
               UploadRetry retry) {
        this.target = target;
        this.blob = blob;
        this.rereads = rereads;
        this.pipe = pipe;
        this.lease = lease;
        this.retry = retry;
    }

    @Override
    public void run() {
        Failure failure;
        try {
            failure = attempts();
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            failure = Failure.of("uploading blob " + blob.digest() + " to " + target, e);
        } finally {
            pipe.abandon();
            lease.release(target.registry());
        }
        if (failure != null) {
            throw failure.exception();
        }
    }

    /** Null on success, else why the last attempt failed. */
    private Failure attempts() {
        Failure failure = null;
        Throwable lastCause = null;
        int made = 0;
        for (int attempt = 0; attempt < retry.attempts(); attempt++) {
            retry.beforeAttempt(attempt, lastCause);
            made++;
            Attempt content = new Attempt(attempt == 0 ? pipe : null);
            try {
                target.client().pushBlob(target.repository(), blob, content);
                lease.succeeded(target.registry());
                return null;
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                if (retry.cancelled()) {
                    throw new CancellationException("the sync was cancelled");
                }
                Throwable sourceError = content.sourceFailure;
                Throwable cause = sourceError != null ? sourceError : e;
                lastCause = cause;
                failure = sourceError != null
                        ? Failure.of("reading blob " + blob.digest() + " from " + rereads.sourceRepository() + " for "
                                + target, cause)
                        : Failure.of("uploading blob " + blob.digest() + " to " + target, cause);
                if (failure.kind() == RegistryErrorKind.TOO_MANY_REQUESTS) {
                    lease.throttled(sourceError != null ? rereads.sourceRepository().registry() : target.registry());
                }
                if (!Failure.isRetryable(cause) || content.openFailed) {
                    break;
                }
            } finally {
                if (attempt == 0) {
                    content.end();
                }
            }
        }
        return failure.with(UploadRetry.attemptsNote(made));
    }

    /**
     * The content of one attempt. The first {@link #open()} of the first attempt returns the shared reader's pipe; any
     * later open (the client resending after a 401, falling back to chunks, or continuing a cut upload from an offset)
     * and every open of a retry read afresh ({@link BlobRereads}). It remembers whether a read from the source failed
     * since the last open, so the failure is blamed on the source, not on the target that was uploading, and whether a
     * source stream could not be opened at all.
     */
    private final class Attempt implements RegistryClient.BlobSource {
        private TargetPipe shared;
        private volatile Throwable sourceFailure;
        private volatile boolean openFailed;

        Attempt(TargetPipe shared) {
            this.shared = shared;
        }

        @Override
        public synchronized InputStream open() {
            TargetPipe fromReader = shared;
            shared = null;
            sourceFailure = null;
            try {
                if (fromReader != null) {
                    return new Blamed(fromReader.stream(this::detachedAt));
                }
                leavePipe();
                return new Blamed(rereads.open());
            } catch (RuntimeException e) {
                sourceFailure = e;
                openFailed = true;
                throw e;
            }
        }

        /**
         * The rest of the content from {@code offset}, where the target's session kept the start of a cut upload: a
         * stream of this upload's own, read (and so verified) up to there, since the pipe cannot go back.
         */
        @Override
        public synchronized InputStream openAt(long offset) {
            shared = null;
            sourceFailure = null;
            leavePipe();
            try {
                return new Blamed(rereads.openAt(offset));
            } catch (IOException e) {
                sourceFailure = e;
                openFailed = true;
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                sourceFailure = e;
                openFailed = true;
                throw e;
            }
        }

        /** A detached target's own stream, from where the pipe left it. */
        private InputStream detachedAt(long offset) throws IOException {
            try {
                return rereads.openAt(offset);
            } catch (IOException | RuntimeException e) {
                openFailed = true;
                throw e;
            }
        }

        /**
         * This upload reads a stream of its own now: the reader must not wait (a stall budget) on a pipe nobody drains,
         * least of all while that stream waits for the reader's spool to grow.
         */
        private void leavePipe() {
            pipe.abandon();
        }

        /** The attempt is over: the reader stops feeding the pipe, even if the client never opened it. */
        synchronized void end() {
            pipe.abandon();
            shared = null;
        }

        private final class Blamed extends FilterInputStream {
            Blamed(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException | RuntimeException e) {
                    blame(e);
                    throw e;
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException | RuntimeException e) {
                    blame(e);
                    throw e;
                }
            }

            private void blame(Exception e) {
                sourceFailure = e;
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof TargetPipe.SourceNotOpened) {
                        openFailed = true;
                    }
                }
            }
        }
    }
}
