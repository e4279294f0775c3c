package io.hagicode.imagemirror.app.operator;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told when syncs start and finish, exactly once each: Kubernetes Events and metrics hang off this rather than off
 * reconciles, which may run several times for one sync.
 */
public interface SyncLifecycle {
    SyncLifecycle NONE = new SyncLifecycle() { };

    default void started(MirrorRef mirror, SyncTrigger trigger, long generation) {
    }

    default void finished(SyncCompletion completion) {
    }

    /** The mirror was deleted: drop what is kept about it. */
    default void forgotten(MirrorRef mirror) {
    }

    /** Calls each in turn; one failing (e.g. the API server refusing an Event) does not keep the others from running. */
    static SyncLifecycle all(SyncLifecycle... parts) {
        List<SyncLifecycle> list = List.of(parts);
        Logger log = LoggerFactory.getLogger(SyncLifecycle.class);
        return new SyncLifecycle() {
            @Override
            public void started(MirrorRef mirror, SyncTrigger trigger, long generation) {
                list.forEach(p -> guarded(log, () -> p.started(mirror, trigger, generation)));
            }

            @Override
            public void finished(SyncCompletion completion) {
                list.forEach(p -> guarded(log, () -> p.finished(completion)));
            }

            @Override
            public void forgotten(MirrorRef mirror) {
                list.forEach(p -> guarded(log, () -> p.forgotten(mirror)));
            }
        };
    }

    private static void guarded(Logger log, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("sync lifecycle listener failed: {}", e.toString());
        }
    }
}
