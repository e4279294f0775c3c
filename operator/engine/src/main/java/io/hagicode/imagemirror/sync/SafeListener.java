package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Repository;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the user's listener, so that a listener that throws cannot break a transfer running on a worker thread. */
final class SafeListener implements SyncListener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);
    private final SyncListener delegate;

    SafeListener(SyncListener delegate) {
        this.delegate = delegate == null ? SyncListener.NONE : delegate;
    }

    @Override
    public void onTagsSelected(List<String> selectedTags) {
        guard(() -> delegate.onTagsSelected(selectedTags));
    }

    @Override
    public void onTagFinished(Repository target, TagOutcome outcome) {
        guard(() -> delegate.onTagFinished(target, outcome));
    }

    @Override
    public void onBlobProgress(Digest blob, long bytesDone, long bytesTotal) {
        guard(() -> delegate.onBlobProgress(blob, bytesDone, bytesTotal));
    }

    private static void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("sync listener failed; the sync goes on", e);
        }
    }
}
