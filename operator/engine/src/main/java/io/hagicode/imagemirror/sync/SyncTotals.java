package io.hagicode.imagemirror.sync;

import java.time.Duration;

/**
 * Counters for one sync. A blob counts once per target: copied (bytes streamed), mounted (cross-repository mount, no
 * bytes) or skipped (the target had it). {@code sourceBytesRead} is what was read from the source, which fan-out keeps
 * near the unique bytes needed however many targets there are. {@code referrersCopied} counts referrers (signatures,
 * attestations, SBOMs, fallback tag indexes) written to a target, once per target; they are not tags.
 * {@code referrersPlanned} counts the same for a dry run: those it would write.
 */
public record SyncTotals(long blobsCopied, long blobsSkipped, long blobsMounted, long bytesCopied,
                         long sourceBytesRead, long manifestsPushed, Duration duration, long referrersCopied,
                         long referrersPlanned) {
    public static final SyncTotals ZERO = new SyncTotals(0, 0, 0, 0, 0, 0, Duration.ZERO, 0, 0);

    public SyncTotals(long blobsCopied, long blobsSkipped, long blobsMounted, long bytesCopied, long sourceBytesRead,
                      long manifestsPushed, Duration duration, long referrersCopied) {
        this(blobsCopied, blobsSkipped, blobsMounted, bytesCopied, sourceBytesRead, manifestsPushed, duration,
                referrersCopied, 0);
    }

    public SyncTotals(long blobsCopied, long blobsSkipped, long blobsMounted, long bytesCopied, long sourceBytesRead,
                      long manifestsPushed, Duration duration) {
        this(blobsCopied, blobsSkipped, blobsMounted, bytesCopied, sourceBytesRead, manifestsPushed, duration, 0, 0);
    }
}
