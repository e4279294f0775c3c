/**
 * The sync engine: one sync (or dry run) of one mirror, from a source repository to its targets, over the
 * {@link io.hagicode.imagemirror.oci.RegistryClient}. No Kubernetes types: the CLI and the operator both hand it a
 * {@link io.hagicode.imagemirror.sync.MirrorJob} and read back a {@link io.hagicode.imagemirror.sync.SyncReport}.
 *
 * <h2>API</h2>
 * {@link io.hagicode.imagemirror.sync.SyncEngine} ({@code sync} and {@code plan}), made by
 * {@link io.hagicode.imagemirror.sync.DefaultSyncEngine} from a client factory, the process-wide
 * {@link io.hagicode.imagemirror.sync.TransferLimits} and {@link io.hagicode.imagemirror.sync.BlobLocations}, and
 * {@link io.hagicode.imagemirror.sync.EngineTuning}. A job names its {@link io.hagicode.imagemirror.sync.Endpoint}s, a
 * {@link io.hagicode.imagemirror.sync.TagFilter}, platforms, concurrency, retries and a
 * {@link io.hagicode.imagemirror.sync.ReferrerPolicy}; a
 * {@link io.hagicode.imagemirror.sync.SyncListener} hears of tags as they finish. The report holds one
 * {@link io.hagicode.imagemirror.sync.TargetReport} per target: a {@link io.hagicode.imagemirror.sync.TagOutcome} per
 * tag, a {@link io.hagicode.imagemirror.sync.ReferrerOutcome} per referrer, and what an anonymous pull found.
 * Everything else is package-private.
 *
 * <h2>One sync</h2>
 * {@code DefaultSyncEngine} opens the clients ({@code SyncClients}), lists and filters the tags, and wires the sync's
 * collaborators explicitly, each given only what it uses:
 * <ol>
 *   <li>{@code SyncPlanner}: HEAD every tag at the source and each target; equal digests are up to date
 *       ({@code FilteredIndexCheck} when a platform filter rewrote the index). A dry run stops here.</li>
 *   <li>{@code CopyPhase}: group the tags to copy by digest, walk each source graph once ({@code ManifestWalker} into
 *       an {@code ImageGraph}), register every (target, blob) need with the {@code BlobFanOut}, start it, and hand each
 *       image to the {@code ManifestWriter}.</li>
 *   <li>{@code BlobFanOut}: one fan-out per distinct digest: HEAD at each target, a mount where {@code MountPolicy}
 *       knows a repository, then one source read ({@code SourceBlobs}) into a bounded {@code TargetPipe} per target,
 *       the last chunk only after the source's digest was verified. Slots come from {@code TransferLimits}
 *       ({@code TransferLease}).</li>
 *   <li>{@code BlobUpload}: one target's upload, first from its pipe, then, on failure, from a source stream of its own
 *       ({@code UploadRetry}, the engine's only retry).</li>
 *   <li>{@code ManifestWriter}: once an image's blobs are in at a target, its child manifests by digest, then its
 *       tags.</li>
 *   <li>{@code ReferrerSync}: the referrers of every manifest now current on a target, level by level (a signature of
 *       an SBOM): found at the source ({@code SourceReferrers}, {@code ApiSupport}), compared per target
 *       ({@code ReferrerPlanner} into a {@code ReferrerLevel}), copied by a fresh {@code CopyPhase} with a
 *       {@code ManifestWriter} for referrers ({@code SubjectIndexing} notes which PUTs the target indexed), then
 *       fallback tag indexes merged and written ({@code FallbackIndexWriter}, {@code IndexEntries}).</li>
 *   <li>{@code AnonymousPullProbe}: one HEAD per target without credentials.</li>
 * </ol>
 * Outcomes go to the {@code OutcomeBook} (one per (target, tag), first word wins) and totals to {@code SyncCounters}.
 *
 * <h2>Threads and cancellation</h2>
 * Each sync has three pools of its own ({@code SyncExecutors}): requests (manifest HEAD/GET/PUT), blobs (one thread per
 * blob in flight: the mirror's concurrency) and uploads (one per target of those blobs), so no task waits for one
 * queued behind it in its own pool. The calling thread only waits; an interrupt of it cancels the sync
 * ({@code Cancellation} closes open source streams, and no write starts afterwards).
 */
package io.hagicode.imagemirror.sync;
