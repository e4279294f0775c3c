package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Manifest PUTs. Child manifests go by digest, once per target per sync even when several indexes share them; tags go
 * by tag, last, and only while the sync is not cancelled. The bytes are always the ones read (or, for a
 * platform-filtered index, built on purpose): nothing is re-serialised here. Not retried here: a PUT is retried by the
 * client's transport, the one layer that retries single requests.
 */
final class ManifestPusher {
    private final SyncContext ctx;
    private final Map<String, CompletableFuture<Void>> byDigest = new ConcurrentHashMap<>();

    ManifestPusher(SyncContext ctx) {
        this.ctx = ctx;
    }

    /** Pushes {@code manifest} by digest unless this sync already did; waits for a push another task started. */
    void pushByDigest(Target target, Manifest manifest) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> existing = byDigest.putIfAbsent(target.index() + "@" + manifest.digest(), mine);
        if (existing != null) {
            existing.join();
            return;
        }
        try {
            put(target, manifest.digest().toString(), manifest, "manifest " + manifest.digest());
            mine.complete(null);
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    void pushTag(Target target, String tag, Manifest manifest) {
        ctx.cancellation().throwIfCancelled();
        put(target, tag, manifest, "tag " + tag + " (" + manifest.digest() + ")");
    }

    private void put(Target target, String reference, Manifest manifest, String what) {
        ctx.cancellation().throwIfCancelled();
        try {
            target.client().putManifest(target.repository(), reference, manifest);
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            if (Failure.kindOf(e) == RegistryErrorKind.TOO_MANY_REQUESTS) {
                ctx.limits().throttled(target.registry());
            }
            throw Failure.of("pushing " + what + " to " + target, e).exception();
        }
        ctx.counters().manifestsPushed.incrementAndGet();
    }
}
