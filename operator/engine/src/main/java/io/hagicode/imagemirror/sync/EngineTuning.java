package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Backoff;
import io.hagicode.imagemirror.oci.ClientOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Knobs of the engine that users do not normally set.
 *
 * @param chunkSize        bytes per chunk handed from the source reader to each target
 * @param chunksPerTarget  chunks buffered per target; memory per blob in flight is about
 *                         {@code chunkSize * chunksPerTarget * targets}
 * @param stallBudget      how long the source reader may wait, in one continuous stall, for one target's buffer to drain
 *                         before it detaches that target (which then reads the source on its own)
 * @param retryBackoff     pause before the engine's retry of a blob upload (its only retry), doubled per attempt, with
 *                         jitter
 * @param requestThreads   cap on the threads per registry for manifest HEAD/GET/PUT requests; each registry gets the
 *                         mirror's {@code concurrency} threads when that is lower
 * @param spool            where the bytes a blob's shared reader read are kept on disk for that blob's retries and
 *                         detached targets ({@link BlobSpool})
 */
public record EngineTuning(int chunkSize, int chunksPerTarget, Duration stallBudget, Duration retryBackoff,
                           int requestThreads, Spool spool) {
    /** 16 MiB: a smaller blob is cheaper to read again than to write to disk and read back. */
    public static final long DEFAULT_SPOOL_THRESHOLD = 16L << 20;
    /**
     * 192 MiB: below the operator pod's 256Mi {@code /tmp} emptyDir (deploy/base/deployment.yaml), leaving room for
     * the JVM's own temporary files; raise both together for larger layers.
     */
    public static final long DEFAULT_SPOOL_BUDGET = 192L << 20;

    /**
     * The blob spool's settings.
     *
     * @param directory  where spool files go; null for {@code java.io.tmpdir}
     * @param threshold  blobs smaller than this are not spooled
     * @param budget     bytes of spool files this process keeps in {@code directory} at most, over all syncs; a blob
     *                   gets what is left (a prefix of it, when at least {@code threshold}), else no spool; 0 turns
     *                   spooling off
     */
    public record Spool(Path directory, long threshold, long budget) {
        public Spool {
            if (threshold < 0 || budget < 0) {
                throw new IllegalArgumentException("invalid spool tuning: threshold=" + threshold + ", budget="
                        + budget + " (neither may be negative)");
            }
        }

        Path directoryOrDefault() {
            return directory != null ? directory : Path.of(System.getProperty("java.io.tmpdir"));
        }
    }

    public EngineTuning {
        if (chunkSize < 1024 || chunksPerTarget < 1 || requestThreads < 1) {
            throw new IllegalArgumentException("invalid tuning: chunkSize=" + chunkSize + " (min 1024), chunksPerTarget="
                    + chunksPerTarget + " (min 1), requestThreads=" + requestThreads + " (min 1)");
        }
        if (stallBudget.isNegative() || retryBackoff.isNegative()) {
            throw new IllegalArgumentException("stallBudget and retryBackoff must not be negative");
        }
        if (spool == null) {
            throw new IllegalArgumentException("spool tuning must be given");
        }
    }

    /** The wait between upload attempts: from {@code retryBackoff}, capped as the client caps its own waits. */
    Backoff uploadBackoff() {
        return new Backoff(retryBackoff, ClientOptions.DEFAULT_MAX_BACKOFF);
    }

    public static EngineTuning defaults() {
        return new EngineTuning(64 * 1024, 4, Duration.ofSeconds(10), Duration.ofMillis(500), 64,
                new Spool(null, DEFAULT_SPOOL_THRESHOLD, DEFAULT_SPOOL_BUDGET));
    }

    public EngineTuning withStallBudget(Duration budget) {
        return new EngineTuning(chunkSize, chunksPerTarget, budget, retryBackoff, requestThreads, spool);
    }

    public EngineTuning withRetryBackoff(Duration backoff) {
        return new EngineTuning(chunkSize, chunksPerTarget, stallBudget, backoff, requestThreads, spool);
    }

    public EngineTuning withRequestThreads(int threads) {
        return new EngineTuning(chunkSize, chunksPerTarget, stallBudget, retryBackoff, threads, spool);
    }

    public EngineTuning withSpool(Spool settings) {
        return new EngineTuning(chunkSize, chunksPerTarget, stallBudget, retryBackoff, requestThreads, settings);
    }
}
