package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Puts one image on one target, in the order that keeps the target consistent at every moment: all its blobs, then its
 * child manifests by digest, then its tags. A pull of the tag can thus never find missing content, and a cancelled or
 * failed copy leaves at worst unreferenced blobs and manifests, never a tag. Runs on futures: no thread waits for
 * blobs.
 */
final class ImageCopier {
    private final SyncContext ctx;
    private final BlobTransfers transfers;
    private final ManifestPusher pusher;

    ImageCopier(SyncContext ctx, BlobTransfers transfers, ManifestPusher pusher) {
        this.ctx = ctx;
        this.transfers = transfers;
        this.pusher = pusher;
    }

    /** Registers the graph's blobs for {@code target} (before the transfers start); the copy follows when they are in. */
    CompletableFuture<Void> copy(Target target, ImageGraph graph, List<CopyTask> tasks) {
        List<CompletableFuture<Void>> blobs = transfers.require(target, graph.blobs());
        return CompletableFuture.allOf(blobs.toArray(CompletableFuture[]::new)).handleAsync((ok, error) -> {
            if (error != null) {
                failAll(tasks, Failure.of("copying " + graph.root().digest() + " to " + target, error));
                return null;
            }
            try {
                graph.children().forEach(child -> pusher.pushByDigest(target, child));
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                failAll(tasks, Failure.of("pushing the manifests of " + graph.root().digest() + " to " + target, e));
                return null;
            }
            pushTags(target, graph.root(), tasks);
            return null;
        }, ctx.executors().requests);
    }

    /**
     * The target already holds the manifest (under another tag): read it there, not at the source, and add the tags.
     */
    CompletableFuture<Void> retag(Target target, Digest digest, List<CopyTask> tasks) {
        return CompletableFuture.supplyAsync(() -> target.client().getManifest(target.repository(), digest.toString()),
                ctx.executors().requests).handleAsync((manifest, error) -> {
                    if (error != null) {
                        failAll(tasks, Failure.of("reading " + digest + " back from " + target, error));
                    } else {
                        pushTags(target, manifest, tasks);
                    }
                    return null;
                }, ctx.executors().requests);
    }

    private void pushTags(Target target, Manifest root, List<CopyTask> tasks) {
        for (CopyTask task : tasks) {
            try {
                pusher.pushTag(target, task.tag(), root);
                ctx.book().record(target, TagOutcome.of(task.tag(), TagState.COPIED, task.digest()));
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                ctx.book().fail(target, task.tag(), task.digest(), Failure.of("pushing tag " + task.tag(), e));
            }
        }
    }

    void failAll(List<CopyTask> tasks, Failure failure) {
        tasks.forEach(t -> ctx.book().fail(t.target(), t.tag(), t.digest(), failure));
    }
}
