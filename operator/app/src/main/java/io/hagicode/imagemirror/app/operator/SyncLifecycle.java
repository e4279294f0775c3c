package io.hagicode.imagemirror.app.operator;

/**
 * Told when syncs start and finish, exactly once each, on the thread that starts or ran the sync: the SyncStarted,
 * SyncSucceeded and SyncFailed Events hang off this rather than off reconciles, which may run several times for one
 * sync (a reconcile whose status patch fails is run again).
 */
public interface SyncLifecycle {

    void started(MirrorRef mirror, SyncScheduler.Trigger trigger, long generation);

    void finished(SyncCompletion completion);
}
