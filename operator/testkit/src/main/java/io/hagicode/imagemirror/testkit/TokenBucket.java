package io.hagicode.imagemirror.testkit;

/**
 * Paces bytes to a rate. Each caller reserves its bytes on a virtual clock (the time the link is next free) and sleeps
 * until its reservation falls due. Because reservations advance the virtual clock, not the time the sleeper actually
 * woke, a late wake-up on a loaded machine does not lower the long-run rate: the next reservation is due sooner.
 * Reservations are taken in arrival order, so connections sharing a bucket share it chunk by chunk.
 */
final class TokenBucket {
    private final long bytesPerSecond;
    private final long burstNanos;
    private long nextFreeNanos;

    /** @param bytesPerSecond 0 for no limit; {@code burstBytes} may pass at once after an idle spell */
    TokenBucket(long bytesPerSecond, long burstBytes) {
        this.bytesPerSecond = bytesPerSecond;
        this.burstNanos = bytesPerSecond == 0 ? 0 : burstBytes * 1_000_000_000L / bytesPerSecond;
        this.nextFreeNanos = System.nanoTime() - burstNanos;
    }

    static TokenBucket unlimited() {
        return new TokenBucket(0, 0);
    }

    /** Blocks until {@code bytes} may pass. */
    void take(int bytes) throws InterruptedException {
        if (bytesPerSecond == 0) {
            return;
        }
        long due;
        synchronized (this) {
            long start = Math.max(System.nanoTime() - burstNanos, nextFreeNanos);
            nextFreeNanos = start + bytes * 1_000_000_000L / bytesPerSecond;
            due = nextFreeNanos - burstNanos;
        }
        sleepUntil(due);
    }

    static void sleepUntil(long dueNanos) throws InterruptedException {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
