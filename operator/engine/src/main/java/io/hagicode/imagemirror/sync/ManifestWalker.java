package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import io.hagicode.imagemirror.oci.Repository;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Reads a tag's content from the source: index, then child manifests by digest, then their config and layers. Each
 * manifest is fetched at most once per sync (every GET counts against Docker Hub's pull limit), shared by all tags,
 * platforms and targets. GETs run on the source's request pool and are chained, never waited for on a pool thread.
 */
final class ManifestWalker {
    /** An index of indexes is legal; deeper nesting than this is treated as malformed rather than followed. */
    private static final int MAX_DEPTH = 3;

    private final RegistryClient source;
    private final Repository repository;
    private final PlatformSelection platforms;
    private final Executor requests;
    private final Map<Digest, CompletableFuture<Manifest>> fetched = new ConcurrentHashMap<>();

    ManifestWalker(RegistryClient source, Repository repository, PlatformSelection platforms, Executor requests) {
        this.source = source;
        this.repository = repository;
        this.platforms = platforms;
        this.requests = requests;
    }

    Repository repository() {
        return repository;
    }

    /** The graph of the manifest {@code root}, with the platform filter applied to it (not to nested indexes). */
    CompletableFuture<ImageGraph> resolve(Digest root) {
        return walk(root, 0);
    }

    private CompletableFuture<ImageGraph> walk(Digest digest, int depth) {
        return fetch(digest).thenCompose(manifest -> {
            ManifestDocument doc = ManifestDocument.parse(manifest, repository);
            if (!doc.isIndex()) {
                return CompletableFuture.completedFuture(ImageGraph.leaf(manifest, doc.blobs()));
            }
            if (depth >= MAX_DEPTH) {
                throw new RegistryException(RegistryErrorKind.INVALID_RESPONSE, 0, "manifest " + digest + " of "
                        + repository + " nests indexes deeper than " + MAX_DEPTH);
            }
            Manifest toPush = manifest;
            List<ManifestDocument.Entry> entries = doc.entries();
            if (depth == 0 && platforms.appliesTo(manifest.mediaType())) {
                PlatformSelection.Selected selected = platforms.select(manifest, doc, repository);
                toPush = selected.manifest();
                entries = selected.entries();
            }
            List<CompletableFuture<ImageGraph>> children =
                    entries.stream().map(e -> walk(e.descriptor().digest(), depth + 1)).toList();
            Manifest root = toPush;
            return CompletableFuture.allOf(children.toArray(CompletableFuture[]::new)).thenApply(v ->
                    ImageGraph.index(root, doc.blobs(), children.stream().map(CompletableFuture::join).toList()));
        });
    }

    private CompletableFuture<Manifest> fetch(Digest digest) {
        return fetched.computeIfAbsent(digest, d -> CompletableFuture.supplyAsync(() -> get(d), requests));
    }

    private Manifest get(Digest digest) {
        try {
            Manifest m = source.getManifest(repository, digest);
            if (!m.digest().equals(digest)) {
                throw new RegistryException(RegistryErrorKind.DIGEST_MISMATCH, 0,
                        "asked for " + digest + ", got content with digest " + m.digest());
            }
            return m;
        } catch (RuntimeException e) {
            throw Failure.of("reading manifest " + digest + " from " + repository, e).exception();
        }
    }
}
