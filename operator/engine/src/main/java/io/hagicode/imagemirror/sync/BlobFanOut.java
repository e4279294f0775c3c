package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import io.hagicode.imagemirror.oci.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blobs of one sync, one {@link PerDigest} fan-out per distinct digest (as go-containerregistry's pusher runs one
 * unit per digest that callers wait on). Every (target, blob) need is registered ({@link #require}) before
 * {@link #start}, so each fan-out knows all the targets that want its blob. On a blob thread, a fan-out HEADs the blob
 * at each target (skipping those that have it), tries a mount where {@link MountPolicy} knows a repository, and for the
 * rest takes the transfer's slots ({@link TransferLimits}), starts one {@link BlobUpload} per target on the upload
 * pool, each reading its own bounded {@link TargetPipe}, and reads the source once, handing every chunk to every pipe.
 * The last chunk goes out only after the source stream reported its end, which is when the client has verified the
 * digest: no target can complete an upload of corrupt bytes.
 * <p>
 * The reader also tees the chunks of a large blob into a {@link BlobSpool} on disk, within the budget of
 * {@link SpoolSpace}: a retry or a detached target reads the spool first and the source only for what the reader never
 * read ({@link BlobRereads}), under the client's digest check over the whole blob. The spool is deleted when every
 * upload of the blob settled, and on failure or cancellation.
 * <p>
 * Memory per blob is bounded by the pipes ({@code chunksPerTarget} chunks each, shared between targets). A target that
 * keeps its pipe full for longer than the stall budget is detached and continues on its own stream; when every target
 * has left, the reader stops.
 */
final class BlobFanOut {
    private static final Logger LOG = LoggerFactory.getLogger(BlobFanOut.class);

    private final SourceBlobs source;
    private final MountPolicy mounts;
    private final TransferLimits limits;
    private final EngineTuning tuning;
    private final ProgressReporter progress;
    private final SyncCounters counters;
    private final UploadRetry retry;
    private final Executor blobThreads;
    private final int blobWorkers;
    private final Executor uploadThreads;
    private final Cancellation cancellation;
    private final SpoolSpace spools;
    private final Map<Digest, PerDigest> fanOuts = new LinkedHashMap<>();
    private boolean started;

    BlobFanOut(SourceBlobs source, MountPolicy mounts, TransferLimits limits, EngineTuning tuning,
               ProgressReporter progress, SyncCounters counters, UploadRetry retry, Executor blobThreads,
               int blobWorkers, Executor uploadThreads, Cancellation cancellation) {
        this.source = source;
        this.mounts = mounts;
        this.limits = limits;
        this.tuning = tuning;
        this.progress = progress;
        this.counters = counters;
        this.retry = retry;
        this.blobThreads = blobThreads;
        this.blobWorkers = blobWorkers;
        this.uploadThreads = uploadThreads;
        this.cancellation = cancellation;
        this.spools = new SpoolSpace(tuning.spool());
    }

    /** {@code target} needs {@code blob}: the future completes when the target has it. Only before {@link #start}. */
    CompletableFuture<Void> require(Target target, Descriptor blob) {
        if (started) {
            throw new IllegalStateException("needs must be registered before the transfers start");
        }
        return fanOuts.computeIfAbsent(blob.digest(), d -> new PerDigest(blob)).wanted
                .computeIfAbsent(target, t -> new CompletableFuture<>());
    }

    /**
     * Puts {@code blobWorkers} workers (the mirror's concurrency) on the blob pool, which take the fan-outs in the
     * {@link BlobSchedule}'s order: largest first, with a few threads kept for the small blobs while any wait.
     */
    void start() {
        started = true;
        BlobSchedule<PerDigest> schedule = new BlobSchedule<>(new ArrayList<>(fanOuts.values()),
                p -> p.blob.size(), blobWorkers);
        int running = 0;
        for (int i = 0; i < blobWorkers; i++) {
            try {
                blobThreads.execute(() -> work(schedule));
                running++;
            } catch (RejectedExecutionException e) {
                break;
            }
        }
        if (running == 0) {
            schedule.drain().forEach(p -> p.cancelAll("the sync is shutting down"));
        }
    }

    /** One blob thread: fan-outs from the schedule until none is left. A cancelled sync settles each as cancelled. */
    private static void work(BlobSchedule<PerDigest> schedule) {
        for (BlobSchedule.Taken<PerDigest> taken = schedule.next(); taken != null; taken = schedule.next()) {
            try {
                taken.unit().run();
            } finally {
                schedule.done(taken);
            }
        }
    }

    /** Everything that happens to one distinct blob in a sync, on one blob thread. */
    private final class PerDigest implements Runnable {
        private final Descriptor blob;
        private final Map<Target, CompletableFuture<Void>> wanted =
                new TreeMap<>(Comparator.comparingInt(Target::index));

        PerDigest(Descriptor blob) {
            this.blob = blob;
        }

        @Override
        public void run() {
            Map<Target, CompletableFuture<Void>> uploads = new LinkedHashMap<>();
            try {
                cancellation.throwIfCancelled();
                // Every target's HEAD (and mount) at once: one after the other they cost the sum of the round trips.
                Map<Target, CompletableFuture<Boolean>> checks = new LinkedHashMap<>();
                wanted.forEach((target, need) -> checks.put(target,
                        CompletableFuture.supplyAsync(() -> needsUpload(target, need), uploadThreads)));
                Futures.awaitAll(checks.values());
                for (Map.Entry<Target, CompletableFuture<Boolean>> e : checks.entrySet()) {
                    if (e.getValue().join()) {
                        uploads.put(e.getKey(), wanted.get(e.getKey()));
                    }
                }
                if (!uploads.isEmpty()) {
                    copy(uploads);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelAll("the sync was cancelled");
            } catch (CancellationException e) {
                cancelAll("the sync was cancelled");
            } catch (RuntimeException e) {
                wanted.values().forEach(f -> f.completeExceptionally(
                        Failure.of("copying blob " + blob.digest(), e).exception()));
            }
        }

        /** Settles the target's future unless an upload is needed: the target has the blob, or it was mounted. */
        private boolean needsUpload(Target target, CompletableFuture<Void> future) {
            try {
                if (target.client().hasBlob(target.repository(), blob.digest())) {
                    counters.blobsSkipped.incrementAndGet();
                    mounts.learn(blob.digest(), target.repository());
                    future.complete(null);
                    return false;
                }
            } catch (RuntimeException e) {
                RegistryErrorKind kind = Failure.kindOf(e);
                if (kind.isAuthFailure() || kind == RegistryErrorKind.NAME_UNKNOWN) {
                    future.completeExceptionally(
                            Failure.of("checking blob " + blob.digest() + " at " + target, e).exception());
                    return false;
                }
                // Anything else: the upload will tell whether the target is really unwell.
            }
            if (mounted(target)) {
                counters.blobsMounted.incrementAndGet();
                mounts.learn(blob.digest(), target.repository());
                future.complete(null);
                return false;
            }
            return true;
        }

        private boolean mounted(Target target) {
            for (Repository from : mounts.candidates(target.repository(), blob.digest())) {
                try {
                    if (target.client().mountBlob(target.repository(), blob.digest(), from)) {
                        return true;
                    }
                } catch (RuntimeException e) {
                    LOG.debug("mounting {} from {} into {} failed; uploading instead", blob.digest(), from, target, e);
                }
            }
            return false;
        }

        /** Uploads the blob to each key of {@code uploads}, reading the source once; returns when all are done. */
        private void copy(Map<Target, CompletableFuture<Void>> uploads) throws InterruptedException {
            String sourceRegistry = source.repository().registry();
            List<String> registries = new ArrayList<>();
            registries.add(sourceRegistry);
            uploads.keySet().forEach(t -> registries.add(t.registry()));
            try (TransferLease lease = limits.acquire(registries); BlobSpool spool = spools.spoolFor(blob)) {
                BlobRereads rereads = new BlobRereads(source, blob, spool);
                List<TargetPipe> pipes = new ArrayList<>();
                List<CompletableFuture<Void>> running = new ArrayList<>();
                long budget = tuning.stallBudget().toNanos();
                for (Map.Entry<Target, CompletableFuture<Void>> e : uploads.entrySet()) {
                    TargetPipe pipe = new TargetPipe(tuning.chunksPerTarget(), budget);
                    pipes.add(pipe);
                    Target target = e.getKey();
                    CompletableFuture<Void> need = e.getValue();
                    try {
                        BlobUpload upload = new BlobUpload(target, blob, rereads, pipe, lease, retry);
                        running.add(CompletableFuture.runAsync(upload, uploadThreads)
                                .whenComplete((ok, error) -> settle(target, need, error)));
                    } catch (RejectedExecutionException rejected) {
                        pipe.abandon();
                        need.completeExceptionally(new CancellationException("the sync is shutting down"));
                    }
                }
                List<TargetPipe> attached = new ArrayList<>(pipes);
                try {
                    read(attached, spool, () -> running.stream().anyMatch(f -> !f.isDone()));
                    lease.succeeded(sourceRegistry);
                } catch (IOException | RuntimeException | InterruptedException e) {
                    if (spool != null && Failure.kindOf(e) == RegistryErrorKind.DIGEST_MISMATCH) {
                        // The source sent bytes that are not the blob: a retry must not replay them.
                        spool.discard();
                    }
                    // Detached targets read on their own and are not affected.
                    attached.forEach(p -> p.fail(e));
                    if (e instanceof InterruptedException ie) {
                        throw ie;
                    }
                    if (Failure.kindOf(e) == RegistryErrorKind.TOO_MANY_REQUESTS) {
                        lease.throttled(sourceRegistry);
                    }
                } finally {
                    if (spool != null) {
                        spool.finish();
                    }
                    lease.release(sourceRegistry);
                }
                try {
                    Futures.awaitAll(running);
                } catch (InterruptedException e) {
                    pipes.forEach(p -> p.fail(e));
                    throw e;
                }
            }
        }

        private void settle(Target target, CompletableFuture<Void> need, Throwable error) {
            if (error == null) {
                counters.copied(target.index(), blob.size());
                mounts.learn(blob.digest(), target.repository());
                need.complete(null);
            } else {
                need.completeExceptionally(Failure.unwrap(error));
            }
        }

        /**
         * Reads the source once for every attached pipe, and into {@code spool} (null: none) as it goes. With no pipe
         * left, the read goes on into the spool while an upload is unsettled (retrying, or detached) and the spool has
         * room: the upload then replays the spool instead of asking the source for the rest, and the bytes the kernel
         * had already received for this stream (tens of MiB on a fast link) are not fetched twice.
         */
        private void read(List<TargetPipe> attached, BlobSpool spool, BooleanSupplier uploadsUnsettled)
                throws IOException, InterruptedException {
            ProgressReporter.BlobProgress reported = progress.start(blob);
            int chunkSize = tuning.chunkSize();
            try (InputStream in = openSource()) {
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
                        throw sizeMismatch("more than");
                    }
                    if (spool != null) {
                        spool.append(chunk);
                    }
                    if (pending != null && !deliver(pending, attached)
                            && (spool == null || !spool.growing() || !uploadsUnsettled.getAsBoolean())) {
                        return;
                    }
                    pending = chunk;
                    reported.update(total);
                }
                if (total != blob.size()) {
                    throw sizeMismatch(total + " bytes of");
                }
                // Only now, with the end of the stream (and the client's digest check) behind us, may targets finish.
                if (pending != null && !deliver(pending, attached)) {
                    return;
                }
                attached.forEach(TargetPipe::end);
                reported.done(total);
            }
        }

        private InputStream openSource() {
            try {
                return source.open(blob);
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new TargetPipe.SourceNotOpened(e);
            }
        }

        private RegistryException sizeMismatch(String what) {
            return new RegistryException(RegistryErrorKind.DIGEST_MISMATCH, 0,
                    "source sent " + what + " the " + blob.size() + " bytes of blob " + blob.digest());
        }

        void cancelAll(String why) {
            wanted.values().forEach(f -> f.completeExceptionally(new CancellationException(why)));
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
}
