package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Copies one blob to every target that lacks it, reading the source once. The calling thread (a blob thread) is the
 * reader: it reads chunks of the source and hands each chunk to one {@link TargetPipe} per target; each target's
 * {@code pushBlob} runs on the upload pool and reads its pipe as an InputStream. The last chunk is handed over only
 * after the source stream reported its end, which is when the client has verified the digest, so no target can
 * complete an upload of corrupt bytes.
 * <p>
 * Memory per blob is bounded by the pipes ({@code chunksPerTarget} chunks each, the chunks shared between targets).
 * A target that keeps its pipe full for longer than the stall budget is detached and continues on its own stream.
 * When every target has left, the reader stops reading.
 */
final class FanOutCopier {
    private final SyncContext ctx;
    private final SourceBlobs sources;

    FanOutCopier(SyncContext ctx, SourceBlobs sources) {
        this.ctx = ctx;
        this.sources = sources;
    }

    /** Uploads {@code blob} to each key of {@code uploads}, completing its future; returns when all are done. */
    void copy(Descriptor blob, Map<Target, CompletableFuture<Void>> uploads) throws InterruptedException {
        List<String> registries = new ArrayList<>();
        registries.add(ctx.sourceRegistry());
        uploads.keySet().forEach(t -> registries.add(t.registry()));
        try (TransferLease lease = ctx.limits().acquire(registries)) {
            Map<Target, TargetPipe> pipes = new LinkedHashMap<>();
            List<CompletableFuture<Void>> pushers = new ArrayList<>();
            long budget = ctx.tuning().stallBudget().toNanos();
            for (Map.Entry<Target, CompletableFuture<Void>> e : uploads.entrySet()) {
                TargetPipe pipe = new TargetPipe(ctx.tuning().chunksPerTarget(), budget);
                pipes.put(e.getKey(), pipe);
                TargetUpload upload = new TargetUpload(ctx, e.getKey(), blob, sources, pipe, lease, e.getValue());
                try {
                    pushers.add(CompletableFuture.runAsync(upload, ctx.executors().uploads));
                } catch (RejectedExecutionException rejected) {
                    pipe.abandon();
                    e.getValue().completeExceptionally(new CancellationException("the sync is shutting down"));
                }
            }
            List<TargetPipe> attached = new ArrayList<>(pipes.values());
            try {
                read(blob, attached);
                ctx.limits().succeeded(ctx.sourceRegistry());
            } catch (IOException | RuntimeException | InterruptedException e) {
                // Detached targets read on their own and are not affected.
                attached.forEach(p -> p.fail(e));
                if (e instanceof InterruptedException ie) {
                    throw ie;
                }
                if (Failure.kindOf(e) == RegistryErrorKind.TOO_MANY_REQUESTS) {
                    ctx.limits().throttled(ctx.sourceRegistry());
                }
            } finally {
                lease.release(ctx.sourceRegistry());
            }
            try {
                Futures.awaitAll(pushers);
            } catch (InterruptedException e) {
                pipes.values().forEach(p -> p.fail(e));
                throw e;
            }
        }
    }

    private void read(Descriptor blob, List<TargetPipe> attached) throws IOException, InterruptedException {
        ProgressReporter.BlobProgress progress = ctx.progress().start(blob);
        int chunkSize = ctx.tuning().chunkSize();
        try (InputStream in = openSource(blob)) {
            long total = 0;
            byte[] pending = null;
            while (true) {
                // A fresh array per chunk (it is shared by every target's pipe), filled in place: readNBytes(int)
                // would read into buffers of its own and copy once more.
                byte[] buffer = new byte[chunkSize];
                int n = in.readNBytes(buffer, 0, chunkSize);
                if (n == 0) {
                    break;
                }
                byte[] chunk = n == chunkSize ? buffer : Arrays.copyOf(buffer, n);
                total += chunk.length;
                if (total > blob.size()) {
                    throw sizeMismatch(blob, "more than");
                }
                if (pending != null && !deliver(pending, attached)) {
                    return;
                }
                pending = chunk;
                progress.update(total);
            }
            if (total != blob.size()) {
                throw sizeMismatch(blob, total + " bytes of");
            }
            // Only now, with the end of the stream (and the client's digest check) behind us, may targets finish.
            if (pending != null && !deliver(pending, attached)) {
                return;
            }
            attached.forEach(TargetPipe::end);
            progress.done(total);
        }
    }

    private InputStream openSource(Descriptor blob) {
        try {
            return sources.open(blob);
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TargetPipe.SourceNotOpened(e);
        }
    }

    /** Hands a chunk to each attached pipe; false when none is left to feed. */
    private static boolean deliver(byte[] chunk, List<TargetPipe> attached) throws InterruptedException {
        for (Iterator<TargetPipe> it = attached.iterator(); it.hasNext(); ) {
            TargetPipe pipe = it.next();
            TargetPipe.Put put = pipe.put(chunk);
            if (put == TargetPipe.Put.STALLED) {
                pipe.detach();
                it.remove();
            } else if (put == TargetPipe.Put.GONE) {
                it.remove();
            }
        }
        return !attached.isEmpty();
    }

    private static RegistryException sizeMismatch(Descriptor blob, String what) {
        return new RegistryException(RegistryErrorKind.DIGEST_MISMATCH, 0,
                "source sent " + what + " the " + blob.size() + " bytes of blob " + blob.digest());
    }
}
