package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Copies what the planner found missing. Tags are grouped by source digest, so tags sharing a digest cost one walk of
 * the source and one content copy per target, then one tag PUT each. Three steps, each waited for on the calling
 * thread (which is the one an interrupt reaches):
 * <ol>
 *   <li>walk the source graph of every digest some target needs content for (manifest GETs only);</li>
 *   <li>register every (target, blob) need with the {@link BlobFanOut}, then start it, so each blob is read once for
 *       all targets;</li>
 *   <li>as each target's blobs of an image arrive, the {@link ManifestWriter} pushes its child manifests, then its
 *       tags.</li>
 * </ol>
 */
final class CopyPhase {
    private final ManifestWalker walker;
    private final BlobFanOut blobs;
    private final ManifestWriter manifests;

    CopyPhase(ManifestWalker walker, BlobFanOut blobs, ManifestWriter manifests) {
        this.walker = walker;
        this.blobs = blobs;
        this.manifests = manifests;
    }

    void run(List<CopyTask> copies) throws InterruptedException {
        Map<Digest, Map<Target, List<CopyTask>>> byDigest = new LinkedHashMap<>();
        for (CopyTask c : copies) {
            byDigest.computeIfAbsent(c.source().digest(), d -> new TreeMap<>(Comparator.comparingInt(Target::index)))
                    .computeIfAbsent(c.target(), t -> new ArrayList<>()).add(c);
        }
        Map<Digest, CompletableFuture<ImageGraph>> graphs = new LinkedHashMap<>();
        byDigest.forEach((digest, byTarget) -> {
            boolean needsContent = byTarget.values().stream().flatMap(List::stream).anyMatch(c -> !c.contentPresent());
            if (needsContent) {
                graphs.put(digest, walker.resolve(digest));
            }
        });
        Futures.awaitAll(graphs.values());

        List<CompletableFuture<Void>> work = new ArrayList<>();
        byDigest.forEach((digest, byTarget) -> byTarget.forEach((target, tasks) -> {
            if (tasks.get(0).contentPresent()) {
                work.add(manifests.retag(target, digest, tasks));
                return;
            }
            try {
                ImageGraph graph = graphs.get(digest).join();
                List<CompletableFuture<Void>> blobsIn = new ArrayList<>();
                for (Descriptor blob : graph.blobs()) {
                    blobsIn.add(blobs.require(target, blob));
                }
                work.add(manifests.afterBlobs(target, graph, blobsIn, tasks));
            } catch (RuntimeException e) {
                manifests.failAll(tasks, Failure.of("copying " + digest + " from " + walker.repository(), e));
            }
        }));
        blobs.start();
        Futures.awaitAll(work);
    }
}
