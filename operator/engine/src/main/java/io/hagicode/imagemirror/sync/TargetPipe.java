package io.hagicode.imagemirror.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer between the source reader of a blob and one target's upload. The reader {@link #put}s chunks (the
 * same immutable arrays go to every target); the target's {@code pushBlob} reads them through {@link #stream}. Memory
 * is bounded by {@code capacity} chunks.
 * <p>
 * Backpressure with a limit: while the buffer is full the reader waits, but for one continuous stall at most the stall
 * budget; then it {@link #detach}es this target and goes on with the others. (A budget for the whole blob detached
 * targets that were only slightly slower on long blobs, which then read the source a second time.) A detached target's stream first drains what it
 * was given, then continues from a fresh source stream of its own at the offset it had reached, so its upload is not
 * restarted. If the reader fails, the stream fails with the source's error; the upload's retry reads the source alone,
 * unless the reader could not even open the source ({@link SourceNotOpened}).
 */
final class TargetPipe {
    enum Put { ACCEPTED, STALLED, GONE }

    /** Opens the blob afresh at an offset, for a detached target. */
    @FunctionalInterface
    interface SoloOpener {
        InputStream openAt(long offset) throws IOException;
    }

    /**
     * The reader's failure when the source stream could not be opened at all: the source client already retried that
     * GET, so no upload should read the source again for it.
     */
    static final class SourceNotOpened extends RuntimeException {
        SourceNotOpened(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static final Object END = new Object();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final int capacity;
    private final long stallBudgetNanos;
    private long enqueued;
    private boolean ended;
    private boolean detached;
    private boolean abandoned;
    private Throwable failure;

    TargetPipe(int capacity, long stallBudgetNanos) {
        this.capacity = capacity;
        this.stallBudgetNanos = stallBudgetNanos;
    }

    /** Reader side: hands over a chunk, waiting while the buffer is full, at most the stall budget. */
    Put put(byte[] chunk) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = stallBudgetNanos;
            while (chunks.size() >= capacity && !abandoned) {
                if (remaining <= 0) {
                    return Put.STALLED;
                }
                remaining = changed.awaitNanos(remaining);
            }
            if (abandoned) {
                return Put.GONE;
            }
            chunks.add(chunk);
            enqueued += chunk.length;
            changed.signalAll();
            return Put.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /** Reader side: every byte was handed over and the source verified them. */
    void end() {
        update(() -> ended = true);
    }

    /** Reader side: the source failed; the upload fails with this once it drained the buffer. */
    void fail(Throwable error) {
        update(() -> {
            if (failure == null) {
                failure = error;
            }
        });
    }

    /** Reader side: no more chunks from the shared reader; the stream goes on alone. */
    void detach() {
        update(() -> detached = true);
    }

    /** Consumer side: the upload is over (or never read); the reader stops feeding this pipe. */
    void abandon() {
        update(() -> {
            abandoned = true;
            chunks.clear();
        });
    }

    boolean isDetached() {
        lock.lock();
        try {
            return detached;
        } finally {
            lock.unlock();
        }
    }

    private void update(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Next chunk, {@link #END}, or the offset to continue alone from (a Long) when detached. */
    private Object take() throws IOException {
        lock.lock();
        try {
            while (chunks.isEmpty() && !ended && failure == null && !detached && !abandoned) {
                changed.await();
            }
            if (!chunks.isEmpty()) {
                byte[] c = chunks.poll();
                changed.signalAll();
                return c;
            }
            if (abandoned) {
                throw new IOException("the upload stream was closed");
            }
            if (failure != null) {
                throw new IOException("reading the source failed: " + failure.getMessage(), failure);
            }
            return ended ? END : (Object) enqueued;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for source data");
        } finally {
            lock.unlock();
        }
    }

    InputStream stream(SoloOpener solo) {
        return new PipeStream(solo);
    }

    private final class PipeStream extends InputStream {
        private final SoloOpener opener;
        private byte[] current;
        private int position;
        private InputStream solo;
        private boolean eof;

        PipeStream(SoloOpener opener) {
            this.opener = opener;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (solo != null) {
                    return solo.read(b, off, len);
                }
                if (eof) {
                    return -1;
                }
                if (current != null && position < current.length) {
                    int n = Math.min(len, current.length - position);
                    System.arraycopy(current, position, b, off, n);
                    position += n;
                    return n;
                }
                Object next = take();
                if (next == END) {
                    eof = true;
                } else if (next instanceof Long offset) {
                    solo = opener.openAt(offset);
                } else {
                    current = (byte[]) next;
                    position = 0;
                }
            }
        }

        @Override
        public void close() throws IOException {
            abandon();
            if (solo != null) {
                solo.close();
            }
        }
    }
}
