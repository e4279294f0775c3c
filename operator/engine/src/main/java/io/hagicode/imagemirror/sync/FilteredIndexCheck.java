package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With a platform filter the target's index differs from the source's, so digests cannot be compared. Instead this
 * GETs the target's index (targets are not rate limited; the source is never asked) and reads the annotations
 * {@link PlatformSelection} wrote: current when they name the source's present digest and the same filter. Each target
 * manifest is read once per sync.
 */
final class FilteredIndexCheck {
    private static final Logger LOG = LoggerFactory.getLogger(FilteredIndexCheck.class);
    private final PlatformSelection platforms;
    private final RequestPools requests;
    private final Map<String, CompletableFuture<ManifestDocument>> read = new ConcurrentHashMap<>();

    FilteredIndexCheck(PlatformSelection platforms, RequestPools requests) {
        this.platforms = platforms;
        this.requests = requests;
    }

    CompletableFuture<Boolean> isCurrent(Target target, Digest targetDigest, Digest sourceDigest) {
        return document(target, targetDigest)
                .thenApply(doc -> platforms.isFilteredCopyOf(doc, sourceDigest))
                .exceptionally(e -> {
                    LOG.debug("cannot read {}@{}; copying the tag again", target.repository(), targetDigest, e);
                    return false;
                });
    }

    private CompletableFuture<ManifestDocument> document(Target target, Digest digest) {
        return read.computeIfAbsent(target.index() + "@" + digest, k -> CompletableFuture.supplyAsync(() -> {
            Manifest m = target.client().getManifest(target.repository(), digest);
            return ManifestDocument.parse(m, target.repository());
        }, requests.forRegistry(target.registry())));
    }
}
