package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.Reference;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.Tag;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The manifests of one image on one target, written in the order that keeps the target consistent at every moment:
 * once all its blobs are in, its child manifests by digest (each once per target per sync, however many indexes share
 * it), then its tags, and no tag once the sync is cancelled. A pull of a tag can thus never find missing content, and a
 * cancelled or failed copy leaves at worst unreferenced blobs and manifests, never a tag. Runs on futures: no thread
 * waits for blobs. The bytes are always the ones read (or, for a platform-filtered index, built on purpose): nothing
 * is re-serialised here. Not retried here: a PUT is retried by the client's transport, the one layer that retries
 * single requests. A writer of referrers ({@link #forReferrers}) PUTs by digest with
 * {@link io.hagicode.imagemirror.oci.RegistryClient#putReferrer} and notes which ones the target indexed itself.
 */
final class ManifestWriter {
    private final OutcomeBook book;
    private final TransferLimits limits;
    private final SyncCounters counters;
    private final Cancellation cancellation;
    private final RequestPools requests;
    private final Map<String, CompletableFuture<Void>> pushedByDigest = new ConcurrentHashMap<>();
    /** Null for a writer of images. */
    private final SubjectIndexing subjects;

    ManifestWriter(OutcomeBook book, TransferLimits limits, SyncCounters counters, Cancellation cancellation,
                   RequestPools requests) {
        this(book, limits, counters, cancellation, requests, null);
    }

    private ManifestWriter(OutcomeBook book, TransferLimits limits, SyncCounters counters, Cancellation cancellation,
                           RequestPools requests, SubjectIndexing subjects) {
        this.subjects = subjects;
        this.book = book;
        this.limits = limits;
        this.counters = counters;
        this.cancellation = cancellation;
        this.requests = requests;
    }

    /** A writer of referrer manifests, whose PUTs by digest note in {@code subjects} whether the target indexed them. */
    static ManifestWriter forReferrers(OutcomeBook book, TransferLimits limits, SyncCounters counters,
                                       Cancellation cancellation, RequestPools requests, SubjectIndexing subjects) {
        return new ManifestWriter(book, limits, counters, cancellation, requests, subjects);
    }

    /**
     * When {@code blobs} are all at {@code target}: the graph's child manifests, all at once (each is complete once
     * its own blobs are in; one after the other they cost a round trip each), then the tags of {@code tasks}.
     */
    CompletableFuture<Void> afterBlobs(Target target, ImageGraph graph, List<CompletableFuture<Void>> blobs,
                                       List<CopyTask> tasks) {
        Executor pool = requests.forRegistry(target.registry());
        return CompletableFuture.allOf(blobs.toArray(CompletableFuture[]::new)).handle((ok, error) -> error)
                .thenCompose(error -> {
                    if (error != null) {
                        failAll(tasks, Failure.of("copying " + graph.root().digest() + " to " + target, error));
                        return CompletableFuture.completedFuture(null);
                    }
                    CompletableFuture<?>[] children = graph.children().stream()
                            .map(child -> pushByDigest(target, child, pool)).toArray(CompletableFuture[]::new);
                    return CompletableFuture.allOf(children).handleAsync((done, childError) -> {
                        if (childError != null) {
                            Throwable cause = Failure.unwrap(childError);
                            if (cause instanceof CancellationException c) {
                                throw c;
                            }
                            failAll(tasks, Failure.of("pushing the manifests of " + graph.root().digest() + " to "
                                    + target, cause));
                            return null;
                        }
                        pushTags(target, graph.root(), tasks);
                        return null;
                    }, pool);
                });
    }

    /**
     * The target already holds the manifest (under another tag): read it there, not at the source, and add the tags.
     */
    CompletableFuture<Void> retag(Target target, Digest digest, List<CopyTask> tasks) {
        Executor pool = requests.forRegistry(target.registry());
        return CompletableFuture.supplyAsync(() -> target.client().getManifest(target.repository(), digest),
                pool).handleAsync((manifest, error) -> {
                    if (error != null) {
                        failAll(tasks, Failure.of("reading " + digest + " back from " + target, error));
                    } else {
                        pushTags(target, manifest, tasks);
                    }
                    return null;
                }, pool);
    }

    void failAll(List<CopyTask> tasks, Failure failure) {
        tasks.forEach(t -> book.fail(t.target(), t.tag(), t.digest(), failure));
    }

    /** Pushes {@code manifest} by digest on {@code pool} unless this sync already did, or joins the push under way. */
    private CompletableFuture<Void> pushByDigest(Target target, Manifest manifest, Executor pool) {
        return pushedByDigest.computeIfAbsent(target.index() + "@" + manifest.digest(), key ->
                CompletableFuture.runAsync(() -> put(target, manifest.digest(), manifest,
                        "manifest " + manifest.digest()), pool));
    }

    private void pushTags(Target target, Manifest root, List<CopyTask> tasks) {
        for (CopyTask task : tasks) {
            try {
                put(target, task.pushTo(), root, what(task, root));
                book.record(target, TagOutcome.of(task.tag(), TagState.COPIED, task.digest()));
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                book.fail(target, task.tag(), task.digest(), Failure.of("pushing " + what(task, root), e));
            }
        }
    }

    private static String what(CopyTask task, Manifest root) {
        return task.pushTo() instanceof Tag ? "tag " + task.tag() + " (" + root.digest() + ")"
                : "pinned manifest " + root.digest();
    }

    private void put(Target target, Reference reference, Manifest manifest, String what) {
        cancellation.throwIfCancelled();
        try {
            if (subjects != null && reference instanceof Digest digest) {
                subjects.record(target, digest, target.client().putReferrer(target.repository(), digest, manifest));
            } else {
                target.client().putManifest(target.repository(), reference, manifest);
            }
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            if (Failure.kindOf(e) == RegistryErrorKind.TOO_MANY_REQUESTS) {
                limits.throttled(target.registry());
            }
            throw Failure.of("pushing " + what + " to " + target, e).exception();
        }
        counters.manifestsPushed.incrementAndGet();
    }
}
