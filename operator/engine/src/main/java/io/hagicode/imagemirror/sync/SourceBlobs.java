package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.Repository;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
        return cancellation.track(new Counted(client.openBlob(repository, blob), null));
    }

    /**
     * The blob's bytes, the first ones from {@code prefix} (kept on disk by a {@link BlobSpool}), the rest from the
     * source from where the prefix ended, all under the client's digest check. Only the source's bytes count as read.
     * The source is asked only once the prefix is used up: a failure before its first byte (other than the digest
     * check's) is the source not opening, as for {@link #open}, and carries {@link TargetPipe.SourceNotOpened}.
     */
    InputStream openAfter(Descriptor blob, InputStream prefix) {
        cancellation.throwIfCancelled();
        CountedPrefix counted = new CountedPrefix(prefix);
        return cancellation.track(new Counted(client.openBlob(repository, blob, counted), counted));
    }

    /** Counts the bytes of a source stream that did not come from its prefix ({@code prefix} null: all of them). */
    private final class Counted extends FilterInputStream {
        private final CountedPrefix prefix;
        private long fromSource;
        private boolean closed;

        Counted(InputStream in, CountedPrefix prefix) {
            super(in);
            this.prefix = prefix;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long fromPrefix = prefix == null ? 0 : prefix.delivered;
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                if (prefix != null && fromSource == 0 && Failure.kindOf(e) != RegistryErrorKind.DIGEST_MISMATCH) {
                    RuntimeException cause = e instanceof RuntimeException r ? r : new UncheckedIOException(
                            (IOException) e);
                    throw new IOException(e.getMessage(), new TargetPipe.SourceNotOpened(cause));
                }
                throw e;
            }
            if (n > 0) {
                long source = n - ((prefix == null ? 0 : prefix.delivered) - fromPrefix);
                fromSource += source;
                bytesRead.addAndGet(source);
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

    /** A prefix stream that counts what it delivered, read on the same thread as the stream it is the start of. */
    private static final class CountedPrefix extends FilterInputStream {
        long delivered;

        CountedPrefix(InputStream in) {
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
            int n = super.read(b, off, len);
            if (n > 0) {
                delivered += n;
            }
            return n;
        }
    }
}
