package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import io.hagicode.imagemirror.oci.Repository;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an upload of one blob reads when it cannot read the shared reader's pipe (a retry, the client reopening the
 * content or continuing it from an offset, a detached target): the reader's {@link BlobSpool} first, when the blob has
 * one, then the source from where the spool ends; else the source alone. Either way the client's digest check covers
 * every byte from the first, so no upload completes with bytes that were not verified. A stream that replayed the spool
 * and failed the digest check discards the spool: a corrupt spool file costs one attempt, and the next one reads the
 * source alone.
 */
final class BlobRereads {
    private static final Logger LOG = LoggerFactory.getLogger(BlobRereads.class);

    private final SourceBlobs source;
    private final Descriptor blob;
    private final BlobSpool spool;

    /** @param spool the reader's spool of {@code blob}, or null when it has none */
    BlobRereads(SourceBlobs source, Descriptor blob, BlobSpool spool) {
        this.source = source;
        this.blob = blob;
        this.spool = spool;
    }

    Repository sourceRepository() {
        return source.repository();
    }

    /** The whole blob. */
    InputStream open() {
        if (spool == null || !spool.usable()) {
            return source.open(blob);
        }
        return new DiscardOnMismatch(source.openAfter(blob, spool.replay()));
    }

    /**
     * The blob from {@code offset} on. The bytes before it are read and dropped (from the spool, as far as it goes)
     * rather than skipped with a Range: reading them keeps the digest check over the whole blob.
     */
    InputStream openAt(long offset) throws IOException {
        InputStream in = open();
        try {
            byte[] scratch = new byte[64 * 1024];
            long left = offset;
            while (left > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    throw new IOException("source blob " + blob.digest() + " ended after " + (offset - left)
                            + " bytes while skipping to " + offset);
                }
                left -= n;
            }
            return in;
        } catch (IOException | RuntimeException e) {
            Cancellation.closeQuietly(in);
            throw e;
        }
    }

    private final class DiscardOnMismatch extends FilterInputStream {
        DiscardOnMismatch(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (RegistryException e) {
                if (e.kind() == RegistryErrorKind.DIGEST_MISMATCH && spool.usable()) {
                    LOG.warn("blob {}: the bytes replayed from {} and read from the source fail the digest check; "
                            + "discarding the spool, the next attempt reads the source alone", blob.digest(),
                            spool.file());
                    spool.discard();
                }
                throw e;
            }
        }
    }
}
