/**
 * The operator: a thin adapter from ImageMirrors and their Secrets to the sync engine, and from the engine's results
 * to status, Events and metrics. {@link io.hagicode.imagemirror.app.operator.MirrorOperator} wires it; each reconcile
 * of {@link io.hagicode.imagemirror.app.operator.ImageMirrorReconciler} runs four steps:
 * <ol>
 *   <li><b>observe</b>: validate the spec, ask the {@code SyncPool} for the sync in flight and the last one finished,
 *       fold a finished one into the status ({@code StatusBuilder}), read that status back into types
 *       ({@code RecordedStatus}: the last verdict is an enum) and the referenced Secrets into a version;</li>
 *   <li><b>decide</b>: {@code SyncScheduler} says whether a sync is due and why, from that observation alone, never
 *       from memory, so a restarted operator decides the same;</li>
 *   <li><b>act</b>: resolve credentials and start a sync on the {@code SyncPool}, or cancel one. Workers run the engine
 *       off the reconcile threads, send SyncStarted/SyncSucceeded/SyncFailed, and their end triggers a reconcile;</li>
 *   <li><b>record</b>: {@code StatusRecorder} sends a Warning for each problem the status records anew (compared as
 *       typed verdicts), writes the mirror's metrics (their one writer), patches the status if it changed, and
 *       reschedules.</li>
 * </ol>
 */
package io.hagicode.imagemirror.app.operator;
