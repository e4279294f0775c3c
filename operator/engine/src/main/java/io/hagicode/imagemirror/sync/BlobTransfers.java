package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * The per-sync map from blob to transfer: one {@link BlobJob} per distinct digest, and one future per (target, digest),
 * so a blob shared by tags or platforms moves at most once per target. All needs are registered before
 * {@link #start()}, so each job knows every target that wants its blob and reads the source once for all of them.
 */
final class BlobTransfers {
    private final SyncContext ctx;
    private final BlobMounter mounter;
    private final FanOutCopier copier;
    private final Map<Digest, Need> needs = new LinkedHashMap<>();
    private boolean started;

    private record Need(Descriptor blob, Map<Target, CompletableFuture<Void>> futures) {
    }

    BlobTransfers(SyncContext ctx) {
        this.ctx = ctx;
        this.mounter = new BlobMounter(ctx.sourceRepository(), ctx.locations());
        this.copier = new FanOutCopier(ctx, new SourceBlobs(ctx.source(), ctx.sourceRepository(),
                ctx.counters().sourceBytesRead, ctx.cancellation()));
    }

    /** {@code target} needs every blob of {@code blobs}; returns the futures to wait for, in order. */
    List<CompletableFuture<Void>> require(Target target, List<Descriptor> blobs) {
        if (started) {
            throw new IllegalStateException("needs must be registered before the transfers start");
        }
        return blobs.stream().map(b -> needs
                .computeIfAbsent(b.digest(), d -> new Need(b, new TreeMap<>(Comparator.comparingInt(Target::index))))
                .futures().computeIfAbsent(target, t -> new CompletableFuture<>())).toList();
    }

    void start() {
        started = true;
        for (Need need : needs.values()) {
            try {
                ctx.executors().blobs.execute(new BlobJob(ctx, need.blob(), need.futures(), mounter, copier));
            } catch (RejectedExecutionException e) {
                need.futures().values().forEach(f -> f.completeExceptionally(
                        new CancellationException("the sync is shutting down")));
            }
        }
    }
}
