package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Backoff;
import io.hagicode.imagemirror.oci.ClientOptions;
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
 */
public record EngineTuning(int chunkSize, int chunksPerTarget, Duration stallBudget, Duration retryBackoff,
                           int requestThreads) {
    public EngineTuning {
        if (chunkSize < 1024 || chunksPerTarget < 1 || requestThreads < 1) {
            throw new IllegalArgumentException("invalid tuning: chunkSize=" + chunkSize + " (min 1024), chunksPerTarget="
                    + chunksPerTarget + " (min 1), requestThreads=" + requestThreads + " (min 1)");
        }
        if (stallBudget.isNegative() || retryBackoff.isNegative()) {
            throw new IllegalArgumentException("stallBudget and retryBackoff must not be negative");
        }
    }

    /** The wait between upload attempts: from {@code retryBackoff}, capped as the client caps its own waits. */
    Backoff uploadBackoff() {
        return new Backoff(retryBackoff, ClientOptions.DEFAULT_MAX_BACKOFF);
    }

    public static EngineTuning defaults() {
        return new EngineTuning(64 * 1024, 4, Duration.ofSeconds(10), Duration.ofMillis(500), 64);
    }

    public EngineTuning withStallBudget(Duration budget) {
        return new EngineTuning(chunkSize, chunksPerTarget, budget, retryBackoff, requestThreads);
    }

    public EngineTuning withRetryBackoff(Duration backoff) {
        return new EngineTuning(chunkSize, chunksPerTarget, stallBudget, backoff, requestThreads);
    }

    public EngineTuning withRequestThreads(int threads) {
        return new EngineTuning(chunkSize, chunksPerTarget, stallBudget, retryBackoff, threads);
    }
}
