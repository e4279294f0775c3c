package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import java.time.Clock;

/** Tells the listener how far each blob's source read has come, at most every {@link #INTERVAL_MILLIS} per blob. */
final class ProgressReporter {
    static final long INTERVAL_MILLIS = 250;
    private final SyncListener listener;
    private final Clock clock;

    ProgressReporter(SyncListener listener, Clock clock) {
        this.listener = listener;
        this.clock = clock;
    }

    BlobProgress start(Descriptor blob) {
        return new BlobProgress(blob);
    }

    /** Progress of one blob; used by the one thread reading it. */
    final class BlobProgress {
        private final Descriptor blob;
        private long lastReport = Long.MIN_VALUE;

        private BlobProgress(Descriptor blob) {
            this.blob = blob;
        }

        void update(long bytesDone) {
            long now = clock.millis();
            if (lastReport == Long.MIN_VALUE || now - lastReport >= INTERVAL_MILLIS) {
                lastReport = now;
                listener.onBlobProgress(blob.digest(), bytesDone, blob.size());
            }
        }

        void done(long bytesDone) {
            listener.onBlobProgress(blob.digest(), bytesDone, blob.size());
        }
    }
}
