package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Everything that happens to one distinct blob in a sync, on one blob thread: for each target that needs it, skip it
 * when the target has it (HEAD), else mount it from a repository of the same registry, else upload it; all uploads of
 * the blob share one read of the source ({@link FanOutCopier}). Completes one future per target.
 */
final class BlobJob implements Runnable {
    private final SyncContext ctx;
    private final Descriptor blob;
    private final Map<Target, CompletableFuture<Void>> futures;
    private final BlobMounter mounter;
    private final FanOutCopier copier;

    BlobJob(SyncContext ctx, Descriptor blob, Map<Target, CompletableFuture<Void>> futures, BlobMounter mounter,
            FanOutCopier copier) {
        this.ctx = ctx;
        this.blob = blob;
        this.futures = futures;
        this.mounter = mounter;
        this.copier = copier;
    }

    @Override
    public void run() {
        Map<Target, CompletableFuture<Void>> uploads = new LinkedHashMap<>();
        try {
            for (Map.Entry<Target, CompletableFuture<Void>> e : futures.entrySet()) {
                ctx.cancellation().throwIfCancelled();
                if (needsUpload(e.getKey(), e.getValue())) {
                    uploads.put(e.getKey(), e.getValue());
                }
            }
            if (!uploads.isEmpty()) {
                copier.copy(blob, uploads);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelRest();
        } catch (CancellationException e) {
            cancelRest();
        } catch (RuntimeException e) {
            futures.values().forEach(f -> f.completeExceptionally(
                    Failure.of("copying blob " + blob.digest(), e).exception()));
        }
    }

    /** Settles the target's future unless an upload is needed. */
    private boolean needsUpload(Target target, CompletableFuture<Void> future) {
        try {
            if (target.client().hasBlob(target.repository(), blob.digest())) {
                ctx.counters().blobsSkipped.incrementAndGet();
                ctx.locations().record(blob.digest(), target.repository());
                future.complete(null);
                return false;
            }
        } catch (RuntimeException e) {
            RegistryErrorKind kind = Failure.kindOf(e);
            if (kind.isAuthFailure() || kind == RegistryErrorKind.NAME_UNKNOWN) {
                future.completeExceptionally(Failure.of("checking blob " + blob.digest() + " at " + target, e).exception());
                return false;
            }
            // Anything else: the upload will tell whether the target is really unwell.
        }
        if (mounter.tryMount(target, blob)) {
            ctx.counters().blobsMounted.incrementAndGet();
            ctx.locations().record(blob.digest(), target.repository());
            future.complete(null);
            return false;
        }
        return true;
    }

    private void cancelRest() {
        futures.values().forEach(f -> f.completeExceptionally(new CancellationException("the sync was cancelled")));
    }
}
