package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Repository;
import java.util.List;

/** Progress callbacks, for the CLI's progress lines and the operator's Syncing condition. Called from worker threads. */
public interface SyncListener {
    SyncListener NONE = new SyncListener() { };

    /** Tags were listed and filtered. */
    default void onTagsSelected(List<String> selectedTags) { }

    /** A tag finished on a target (any state). */
    default void onTagFinished(Repository target, TagOutcome outcome) { }

    /** Bytes of a blob streamed so far; called at most every few hundred milliseconds per blob. */
    default void onBlobProgress(Digest blob, long bytesDone, long bytesTotal) { }
}
