package io.hagicode.imagemirror.sync;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cancel switch of one sync. Interrupting a worker does not unblock a socket read, so every stream a worker opens is
 * registered here and closed on cancel; workers also check {@link #throwIfCancelled()} before each write, so that
 * nothing is tagged once the sync was cancelled.
 */
final class Cancellation {
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    <T extends Closeable> T track(T stream) {
        open.add(stream);
        if (cancelled) {
            closeQuietly(stream);
        }
        return stream;
    }

    void untrack(Closeable stream) {
        open.remove(stream);
    }

    boolean isCancelled() {
        return cancelled;
    }

    void throwIfCancelled() {
        if (cancelled || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("the sync was cancelled");
        }
    }

    void cancel() {
        cancelled = true;
        for (Closeable c : open) {
            closeQuietly(c);
        }
        open.clear();
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // closing to unblock or to clean up: nothing useful to do with a failure here
        }
    }
}
