package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.Repository;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens source blob streams for one sync: every byte read is counted ({@code sourceBytesRead}) and every open stream is
 * registered with the {@link Cancellation}, which closes it to unblock a reader stuck on the network.
 */
final class SourceBlobs {
    private final RegistryClient client;
    private final Repository repository;
    private final AtomicLong bytesRead;
    private final Cancellation cancellation;

    SourceBlobs(RegistryClient client, Repository repository, AtomicLong bytesRead, Cancellation cancellation) {
        this.client = client;
        this.repository = repository;
        this.bytesRead = bytesRead;
        this.cancellation = cancellation;
    }

    Repository repository() {
        return repository;
    }

    InputStream open(Descriptor blob) {
        cancellation.throwIfCancelled();
        return cancellation.track(new Counted(client.openBlob(repository, blob)));
    }

    /**
     * A fresh stream positioned at {@code offset}. The first {@code offset} bytes are read and dropped rather than
     * asked for with a Range: reading them keeps the client's digest check over the whole blob, which a stream that
     * starts in the middle could not have. (The client resumes a cut read with a Range itself, under that check.)
     */
    InputStream openAt(Descriptor blob, long offset) throws IOException {
        InputStream in = open(blob);
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

    private final class Counted extends FilterInputStream {
        private boolean closed;

        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesRead.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                bytesRead.addAndGet(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Never skip for real: the underlying stream verifies the digest over what is read.
            byte[] scratch = new byte[(int) Math.min(8192, Math.max(0, n))];
            int read = scratch.length == 0 ? 0 : read(scratch, 0, scratch.length);
            return Math.max(0, read);
        }

        @Override
        public void close() throws IOException {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            cancellation.untrack(this);
            super.close();
        }
    }
}
