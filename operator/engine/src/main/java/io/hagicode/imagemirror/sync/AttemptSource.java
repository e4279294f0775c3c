package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.RegistryClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The content of one upload attempt. The first {@link #open()} of a fan-out attempt returns the shared reader's
 * {@link TargetPipe}; any later open (the client resending after a 401, or falling back to chunks) and every open of
 * a solo attempt read the source afresh. It remembers whether a read from the source failed since the last open, so
 * the failure is blamed on the source, not on the target that was uploading, and whether a source stream could not be
 * opened at all.
 */
final class AttemptSource implements RegistryClient.BlobSource {
    private final SourceBlobs sources;
    private final Descriptor blob;
    private TargetPipe pipe;
    private volatile Throwable sourceFailure;
    private volatile boolean openFailed;

    private AttemptSource(SourceBlobs sources, Descriptor blob, TargetPipe pipe) {
        this.sources = sources;
        this.blob = blob;
        this.pipe = pipe;
    }

    static AttemptSource fanOut(SourceBlobs sources, Descriptor blob, TargetPipe pipe) {
        return new AttemptSource(sources, blob, pipe);
    }

    static AttemptSource solo(SourceBlobs sources, Descriptor blob) {
        return new AttemptSource(sources, blob, null);
    }

    @Override
    public synchronized InputStream open() {
        TargetPipe shared = pipe;
        pipe = null;
        sourceFailure = null;
        try {
            if (shared != null) {
                return new Blamed(shared.stream(this::openAt));
            }
            return new Blamed(sources.open(blob));
        } catch (RuntimeException e) {
            sourceFailure = e;
            openFailed = true;
            throw e;
        }
    }

    /** A detached target's own stream, from where the pipe left it. */
    private InputStream openAt(long offset) throws IOException {
        try {
            return sources.openAt(blob, offset);
        } catch (IOException | RuntimeException e) {
            openFailed = true;
            throw e;
        }
    }

    /** Stops feeding the pipe if it was never opened (the attempt failed before reading). */
    synchronized void release(TargetPipe shared) {
        shared.abandon();
        pipe = null;
    }

    /** The error a source read raised since the attempt last opened its content, if any. */
    Throwable sourceFailure() {
        return sourceFailure;
    }

    /**
     * True when a source stream could not be opened (or repositioned): the source client already retried its GET, so
     * reading the source again in another attempt would only repeat that.
     */
    boolean openFailed() {
        return openFailed;
    }

    private final class Blamed extends FilterInputStream {
        Blamed(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException | RuntimeException e) {
                blame(e);
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                blame(e);
                throw e;
            }
        }

        private void blame(Exception e) {
            sourceFailure = e;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TargetPipe.SourceNotOpened) {
                    openFailed = true;
                }
            }
        }
    }
}
