package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Repository;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every callback, in order. */
final class RecordingListener implements SyncListener {
    record Finished(Repository target, TagOutcome outcome) {
    }

    record Progress(Digest blob, long done, long total) {
    }

    final List<List<String>> selected = new CopyOnWriteArrayList<>();
    final List<Finished> finished = new CopyOnWriteArrayList<>();
    final List<Progress> progress = new CopyOnWriteArrayList<>();
    volatile Runnable onFinished = () -> { };

    @Override
    public void onTagsSelected(List<String> selectedTags) {
        selected.add(List.copyOf(selectedTags));
    }

    @Override
    public void onTagFinished(Repository target, TagOutcome outcome) {
        finished.add(new Finished(target, outcome));
        onFinished.run();
    }

    @Override
    public void onBlobProgress(Digest blob, long bytesDone, long bytesTotal) {
        progress.add(new Progress(blob, bytesDone, bytesTotal));
    }
}
