package io.hagicode.imagemirror.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes a blob's shared reader has read from the source, kept in a file for the uploads that cannot read the
 * reader's pipe (a retry, a detached target, the client reopening the content), so that they ask the source only for
 * what was never read. The bytes are not trusted: a {@link #replay} is always the prefix of a stream whose digest check
 * covers the whole blob ({@link BlobRereads}).
 * <p>
 * The reader {@link #append}s each chunk as it reads it, up to the capacity {@link SpoolSpace} granted, and
 * {@link #finish}es when it stops for any reason. A replay that catches up with a spool still growing waits for more
 * rather than asking the source for the rest: the reader is reading the source anyway, for the other targets, and a
 * second stream would pay the rest of the blob twice. The wait cannot hang: the reader waits on no upload longer than
 * the stall budget, and finishes the spool in a {@code finally}. The file is deleted when the blob's fan-out is over
 * ({@link #close}), after every upload settled, or on cancellation or failure. Any failure of the file (disk full, a
 * channel closed by an interrupt) only ends the spool early: the streams then read the rest from the source.
 */
final class BlobSpool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlobSpool.class);

    private final Path file;
    private final FileChannel channel;
    private final long capacity;
    private final Runnable release;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grown = lock.newCondition();
    private long written;
    private boolean complete;
    private boolean discarded;
    private boolean closed;

    private BlobSpool(Path file, FileChannel channel, long capacity, Runnable release) {
        this.file = file;
        this.channel = channel;
        this.capacity = capacity;
        this.release = release;
    }

    /** A spool in {@code file} (which exists), of at most {@code capacity} bytes; {@code release} frees its budget. */
    static BlobSpool create(Path file, long capacity, Runnable release) throws IOException {
        try {
            return new BlobSpool(file, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    capacity, release);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    Path file() {
        return file;
    }

    /**
     * Reader side: keeps the start of {@code chunk} that fits. Never throws: a spool that cannot be written stops
     * growing, and the copy goes on as without one.
     */
    void append(byte[] chunk) {
        long at;
        lock.lock();
        try {
            if (complete) {
                return;
            }
            at = written;
        } finally {
            lock.unlock();
        }
        int n = (int) Math.min(chunk.length, capacity - at);
        try {
            ByteBuffer bytes = ByteBuffer.wrap(chunk, 0, n);
            for (long position = at; bytes.hasRemaining(); ) {
                position += channel.write(bytes, position);
            }
        } catch (IOException e) {
            if (usable()) {
                // Not on cancellation: an interrupted thread closes the channel (FileChannel is interruptible).
                LOG.warn("spool file {} stopped at {} bytes: {}", file, at, e.toString());
            }
            finish();
            return;
        }
        lock.lock();
        try {
            written = at + n;
            complete |= written >= capacity;
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reader side: no more bytes will come (the blob was read, the read failed, or no target is left). */
    void finish() {
        lock.lock();
        try {
            complete = true;
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The bytes failed a digest check: nothing more is replayed, so the next attempt reads the source alone. */
    void discard() {
        lock.lock();
        try {
            discarded = true;
            complete = true;
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether an {@link #append} may still keep bytes. */
    boolean growing() {
        lock.lock();
        try {
            return !complete;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a replay would give anything: not discarded, not closed. */
    boolean usable() {
        lock.lock();
        try {
            return !discarded && !closed;
        } finally {
            lock.unlock();
        }
    }

    /** The spooled bytes from the start: those there now, then those appended until the reader finishes. */
    InputStream replay() {
        return new Replay();
    }

    /** Deletes the file and frees its budget; a replay still open then ends, and its stream goes on from the source. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            complete = true;
            grown.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing spool file {}", file, e);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete spool file {}: {}", file, e.toString());
        } finally {
            release.run();
        }
    }

    private final class Replay extends InputStream {
        private long position;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            long available = awaitBeyond(position);
            if (available <= position) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, available - position)),
                    position);
            if (n < 0) {
                throw new IOException("spool file " + file + " is shorter than the " + available + " bytes written");
            }
            position += n;
            return n;
        }

        /**
         * How far the spool reaches, once it has bytes past {@code from} or will have no more; {@code from} when the
         * replay must end there (discarded, closed).
         */
        private long awaitBeyond(long from) throws InterruptedIOException {
            lock.lock();
            try {
                while (written <= from && !complete && !ended) {
                    grown.await();
                }
                return discarded || closed || ended ? from : written;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the spool of " + file);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                ended = true;
                grown.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
