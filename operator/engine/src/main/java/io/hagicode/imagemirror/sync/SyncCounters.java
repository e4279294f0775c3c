package io.hagicode.imagemirror.sync;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The running totals of one sync; see {@link SyncTotals} for what each one counts. */
final class SyncCounters {
    final AtomicLong blobsCopied = new AtomicLong();
    final AtomicLong blobsSkipped = new AtomicLong();
    final AtomicLong blobsMounted = new AtomicLong();
    /** Sizes of blobs whose upload to a target completed. */
    final AtomicLong bytesCopied = new AtomicLong();
    /** Every byte read from source blob streams, re-reads included. */
    final AtomicLong sourceBytesRead = new AtomicLong();
    final AtomicLong manifestsPushed = new AtomicLong();
    final AtomicLong referrersCopied = new AtomicLong();
    final AtomicLong referrersPlanned = new AtomicLong();
    /** {@link #bytesCopied} per target index, so metrics can say which registry received what. */
    private final Map<Integer, AtomicLong> bytesCopiedByTarget = new ConcurrentHashMap<>();

    void copied(int targetIndex, long bytes) {
        blobsCopied.incrementAndGet();
        bytesCopied.addAndGet(bytes);
        bytesCopiedByTarget.computeIfAbsent(targetIndex, i -> new AtomicLong()).addAndGet(bytes);
    }

    long bytesCopiedTo(int targetIndex) {
        AtomicLong bytes = bytesCopiedByTarget.get(targetIndex);
        return bytes == null ? 0 : bytes.get();
    }

    SyncTotals totals(Duration duration) {
        return new SyncTotals(blobsCopied.get(), blobsSkipped.get(), blobsMounted.get(), bytesCopied.get(),
                sourceBytesRead.get(), manifestsPushed.get(), duration, referrersCopied.get(),
                referrersPlanned.get());
    }
}
