package io.hagicode.imagemirror.sync;

/**
 * Mirrors one repository to its targets. {@link #sync} copies what is missing; {@link #plan} is the dry run: the same
 * HEAD-only diff, with every tag to copy reported as PLANNED and nothing written. Both return a report rather than
 * throw for registry failures; a failed tag never stops the others. Interrupting the calling thread cancels the sync.
 */
public interface SyncEngine {

    SyncReport sync(MirrorJob job, SyncListener listener) throws InterruptedException;

    SyncReport plan(MirrorJob job) throws InterruptedException;
}
