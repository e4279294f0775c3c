package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blob's bytes made of two parts: a prefix the caller kept from an earlier read (untrusted: it sits under the
 * {@link VerifyingInputStream} like any other byte), then the registry's bytes from the offset where the prefix ended.
 * The registry is asked only once the prefix is used up, so the offset is known exactly, and not at all when the prefix
 * held the whole blob (a {@code Range} from the blob's size would be refused). A prefix that fails to read ends there:
 * what it gave is kept and the rest comes from the registry.
 */
final class PrefixedBlobStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixedBlobStream.class);

    /** The registry's bytes from an offset on: the same opener a {@link ResumableBlobStream} resumes with. */
    private final ResumableBlobStream.Opener rest;
    private final long size;
    private final String what;
    private InputStream prefix;
    private InputStream current;
    private long position;
    private volatile boolean closed;

    PrefixedBlobStream(InputStream prefix, ResumableBlobStream.Opener rest, long size, String what) {
        this.prefix = prefix;
        this.rest = rest;
        this.size = size;
        this.what = what;
    }

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
        if (prefix != null) {
            int n = readPrefix(buffer, offset, length);
            if (n > 0) {
                position += n;
                return n;
            }
        }
        if (current == null) {
            if (closed) {
                throw new IOException(what + ": the stream was closed");
            }
            if (size >= 0 && position >= size) {
                return -1;
            }
            current = rest.openAt(position);
        }
        return current.read(buffer, offset, length);
    }

    private int readPrefix(byte[] buffer, int offset, int length) {
        int n;
        try {
            n = prefix.read(buffer, offset, length);
        } catch (IOException e) {
            LOG.debug("{}: the kept prefix failed after {} bytes; reading the rest from the registry", what, position,
                    e);
            n = -1;
        }
        if (n <= 0) {
            closeQuietly(prefix);
            prefix = null;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        InputStream p = prefix;
        if (p != null) {
            closeQuietly(p);
        }
        InputStream c = current;
        if (c != null) {
            c.close();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // a local prefix; nothing more to read from it
        }
    }
}
