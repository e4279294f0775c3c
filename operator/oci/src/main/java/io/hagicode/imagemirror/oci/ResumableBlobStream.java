package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw bytes of a blob GET, surviving cut connections: when the body breaks after it made progress, the read goes
 * on from a fresh request for the rest ({@link Opener}, a {@code Range} request in practice) and the caller never
 * notices. It sits under the {@link VerifyingInputStream}, which so hashes every byte exactly once, in order, across
 * the cuts: the digest is still checked over the whole blob, and no byte is handed on twice.
 *
 * <p>A cut is resumed only when bytes arrived since the last (re)open: each resume moves forward, so this is a
 * continuation of the same read, not a retry, and it spends none of the retry budget. A connection that fails before
 * delivering anything fails the read (the transport already retried the request that opened it), as does a closed
 * stream (the engine cancels a read by closing it) or an interrupted thread. {@link #MAX_RESUMES} bounds a link that
 * cuts every few bytes, where resuming would cost more requests than it saves.
 */
final class ResumableBlobStream extends InputStream {
    static final int MAX_RESUMES = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ResumableBlobStream.class);

    /** Opens the blob's bytes from {@code offset} on. */
    @FunctionalInterface
    interface Opener {
        InputStream openAt(long offset) throws IOException;
    }

    private final Opener opener;
    private final String what;
    private InputStream current;
    private long position;
    private long openedAt;
    private int resumes;
    private volatile boolean closed;

    /** @param start where {@code first} starts in the blob, the offset later resumes count from */
    ResumableBlobStream(InputStream first, Opener opener, String what, long start) {
        this.current = first;
        this.opener = opener;
        this.what = what;
        this.position = start;
        this.openedAt = start;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            try {
                int n = current.read(buffer, offset, length);
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (IOException e) {
                if (!resumable()) {
                    throw e;
                }
                resume(e);
            }
        }
    }

    /** Where the next byte handed on sits in the blob. */
    long position() {
        return position;
    }

    int resumes() {
        return resumes;
    }

    private boolean resumable() {
        return !closed && !Thread.currentThread().isInterrupted() && position > openedAt && resumes < MAX_RESUMES;
    }

    private void resume(IOException cut) throws IOException {
        closeQuietly(current);
        resumes++;
        openedAt = position;
        LOG.info("{}: the connection broke after {} bytes ({}); resuming from there", what, position,
                cut.getMessage());
        InputStream next;
        try {
            next = opener.openAt(position);
        } catch (IOException | RuntimeException e) {
            e.addSuppressed(cut);
            throw e;
        }
        current = next;
        if (closed) {
            closeQuietly(next);
            throw new IOException(what + ": the stream was closed");
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        current.close();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is broken already
        }
    }
}
