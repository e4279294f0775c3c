package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.app.Bytes;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.TagOutcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a running sync's progress for the Syncing condition. The engine calls it from its worker threads; the
 * reconciler reads a {@link Snapshot} whenever it refreshes the status.
 */
final class SyncProgress implements SyncListener {
    private final int targets;
    private final AtomicInteger selected = new AtomicInteger(-1);
    private final AtomicInteger tagsDone = new AtomicInteger();
    // Bytes streamed per blob: the engine reports each blob's running total, not increments.
    private final Map<Digest, Long> blobBytes = new ConcurrentHashMap<>();

    SyncProgress(int targets) {
        this.targets = targets;
    }

    @Override
    public void onTagsSelected(List<String> selectedTags) {
        selected.set(selectedTags.size());
    }

    @Override
    public void onTagFinished(Repository target, TagOutcome outcome) {
        tagsDone.incrementAndGet();
    }

    @Override
    public void onBlobProgress(Digest blob, long bytesDone, long bytesTotal) {
        blobBytes.merge(blob, bytesDone, Math::max);
    }

    Snapshot snapshot() {
        long bytes = blobBytes.values().stream().mapToLong(Long::longValue).sum();
        int tags = selected.get();
        return new Snapshot(tagsDone.get(), tags < 0 ? -1 : tags * targets, bytes);
    }

    /** {@code tagsTotal} is -1 while the source's tags are still being listed. */
    record Snapshot(int tagsDone, int tagsTotal, long bytes) {
        String describe() {
            if (tagsTotal < 0) {
                return "listing the source's tags";
            }
            return tagsDone + "/" + tagsTotal + " tag copies done, " + Bytes.human(bytes) + " transferred";
        }
    }
}
