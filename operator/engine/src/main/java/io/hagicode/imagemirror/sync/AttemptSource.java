package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.RegistryClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The content of one upload attempt. The first {@link #open()} of a fan-out attempt returns the shared reader's
 * {@link TargetPipe}; any later open (the client retrying the PUT within the attempt) and every open of a solo attempt
 * read the source afresh. It remembers whether a read from the source failed, so the failure is blamed on the source,
 * not on the target that was uploading.
 */
final class AttemptSource implements RegistryClient.BlobSource {
    private final SourceBlobs sources;
    private final Descriptor blob;
    private TargetPipe pipe;
    private volatile Throwable sourceFailure;

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
        try {
            if (shared != null) {
                return new Blamed(shared.stream(offset -> sources.openAt(blob, offset)));
            }
            return new Blamed(sources.open(blob));
        } catch (RuntimeException e) {
            sourceFailure = e;
            throw e;
        }
    }

    /** Stops feeding the pipe if it was never opened (the attempt failed before reading). */
    synchronized void release(TargetPipe shared) {
        shared.abandon();
        pipe = null;
    }

    /** The error a source read raised during this attempt, if any. */
    Throwable sourceFailure() {
        return sourceFailure;
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
                sourceFailure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                sourceFailure = e;
                throw e;
            }
        }
    }
}
