package io.hagicode.imagemirror.app.cli;

import io.hagicode.imagemirror.app.Bytes;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Progress on stderr for people watching a long copy: a line per tag and target as it finishes, and for large blobs a
 * line every few seconds with bytes done and the rate.
 */
final class TextProgress implements SyncListener {
    static final long LARGE_BLOB = 16L * 1024 * 1024;
    private static final long BLOB_LINE_INTERVAL_NANOS = 3_000_000_000L;

    private final PrintStream err;
    private final String mirror;
    private final int targets;
    private final LongSupplier clock;
    private final AtomicInteger done = new AtomicInteger();
    private volatile int total;
    private final Map<Digest, BlobWatch> blobs = new ConcurrentHashMap<>();

    TextProgress(PrintStream err, String mirror, int targets, LongSupplier nanoClock) {
        this.err = err;
        this.mirror = mirror;
        this.targets = targets;
        this.clock = nanoClock;
    }

    @Override
    public void onTagsSelected(List<String> selectedTags) {
        total = selectedTags.size() * targets;
        err.printf("%s: %d tag(s) selected, %d target(s)%n", mirror, selectedTags.size(), targets);
    }

    @Override
    public void onTagFinished(Repository target, TagOutcome outcome) {
        int n = done.incrementAndGet();
        String width = Integer.toString(Math.max(total, n)).length() + "";
        String line = String.format("  [%" + width + "d/%d] %s:%s %s %s", n, Math.max(total, n), target,
                outcome.tag(), outcome.state().json(), Sizes.shortDigest(outcome.digest()));
        if (outcome.state() == TagState.FAILED) {
            line += ": " + outcome.error();
        }
        err.println(line);
    }

    @Override
    public void onBlobProgress(Digest blob, long bytesDone, long bytesTotal) {
        if (bytesTotal < LARGE_BLOB) {
            return;
        }
        long now = clock.getAsLong();
        BlobWatch watch = blobs.computeIfAbsent(blob, d -> new BlobWatch(now));
        boolean finished = bytesDone >= bytesTotal;
        synchronized (watch) {
            if (!finished && now - watch.lastLine < BLOB_LINE_INTERVAL_NANOS) {
                return;
            }
            watch.lastLine = now;
        }
        double seconds = (now - watch.started) / 1e9;
        err.printf("    blob %s %s / %s (%s)%n", Sizes.shortDigest(blob.toString()), Bytes.human(bytesDone),
                Bytes.human(bytesTotal), Sizes.rate(bytesDone, seconds));
        if (finished) {
            blobs.remove(blob);
        }
    }

    private static final class BlobWatch {
        final long started;
        long lastLine;

        BlobWatch(long started) {
            this.started = started;
            this.lastLine = started;
        }
    }
}
