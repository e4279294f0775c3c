package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Uploads one blob to one target, on the upload pool: first from the shared reader's pipe, then, for each retry, from
 * a source stream of its own (so a failing target never makes the others re-read). This is the engine's one retry
 * ({@link UploadRetry}): the client repeats none of an upload's requests. A source stream that could not even be opened
 * ends the retries, since the source client already retried that request. Completes the target's blob future and
 * gives the target's registry slot back as soon as it is done, whatever the other targets do.
 */
final class TargetUpload implements Runnable {
    private final SyncContext ctx;
    private final Target target;
    private final Descriptor blob;
    private final SourceBlobs sources;
    private final TargetPipe pipe;
    private final TransferLease lease;
    private final CompletableFuture<Void> done;

    TargetUpload(SyncContext ctx, Target target, Descriptor blob, SourceBlobs sources, TargetPipe pipe,
                 TransferLease lease, CompletableFuture<Void> done) {
        this.ctx = ctx;
        this.target = target;
        this.blob = blob;
        this.sources = sources;
        this.pipe = pipe;
        this.lease = lease;
        this.done = done;
    }

    @Override
    public void run() {
        try {
            Failure failure = attempts();
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure.exception());
            }
        } catch (CancellationException e) {
            done.completeExceptionally(e);
        } catch (RuntimeException e) {
            done.completeExceptionally(Failure.of("uploading blob " + blob.digest() + " to " + target, e).exception());
        } finally {
            pipe.abandon();
            lease.release(target.registry());
        }
    }

    /** Null on success, else why the last attempt failed. */
    private Failure attempts() {
        UploadRetry retry = ctx.uploadRetry();
        Failure failure = null;
        Throwable lastCause = null;
        int made = 0;
        for (int attempt = 0; attempt < retry.attempts(); attempt++) {
            if (attempt > 0) {
                retry.pauseBefore(attempt, lastCause);
            }
            ctx.cancellation().throwIfCancelled();
            made++;
            AttemptSource source = attempt == 0 ? AttemptSource.fanOut(sources, blob, pipe) : AttemptSource.solo(sources, blob);
            try {
                target.client().pushBlob(target.repository(), blob, source);
                succeeded();
                return null;
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                if (ctx.cancellation().isCancelled()) {
                    throw new CancellationException("the sync was cancelled");
                }
                Throwable sourceError = source.sourceFailure();
                Throwable cause = sourceError != null ? sourceError : e;
                lastCause = cause;
                failure = sourceError != null
                        ? Failure.of("reading blob " + blob.digest() + " from " + sources.repository()
                                + " for " + target, cause)
                        : Failure.of("uploading blob " + blob.digest() + " to " + target, cause);
                if (failure.kind() == RegistryErrorKind.TOO_MANY_REQUESTS) {
                    ctx.limits().throttled(sourceError != null ? ctx.sourceRegistry() : target.registry());
                }
                if (!Failure.isRetryable(cause) || source.openFailed()) {
                    break;
                }
            } finally {
                if (attempt == 0) {
                    source.release(pipe);
                }
            }
        }
        return failure.with(UploadRetry.attemptsNote(made));
    }

    private void succeeded() {
        ctx.counters().copied(target.index(), blob.size());
        ctx.locations().record(blob.digest(), target.repository());
        ctx.limits().succeeded(target.registry());
    }
}
