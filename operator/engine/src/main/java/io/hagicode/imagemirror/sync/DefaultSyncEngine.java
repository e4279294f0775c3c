package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryClientFactory;
import io.hagicode.imagemirror.oci.Repository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync engine. Each {@link #sync} runs on the calling thread with pools of its own (see {@link SyncExecutors});
 * what is shared between concurrent syncs is the {@link TransferLimits} (process-wide and per-registry bounds, adaptive
 * on 429) and the {@link BlobLocations} (where blobs were seen, for cross-repository mounts).
 * <p>
 * A sync: list and filter the source tags and add the digest pins ({@link DigestPin}) (a targeted sync, for a push
 * event, takes the job's requested tags through the filter instead and no pins: see {@link MirrorJob#requestedTags});
 * HEAD each at the source and at
 * every target, and copy only the tags whose digests differ (no source manifest GET when nothing changed); for those, walk the source graph once per digest,
 * move every missing blob once per target with one source read fanned out to all targets, then push child manifests
 * and finally the tags. Every (target, tag) ends UP_TO_DATE, COPIED or FAILED with a reason; one failure never stops
 * the rest. Last, each target gets one manifest HEAD from a client without credentials, to tell whether the public
 * can pull it ({@link AnonymousPullProbe}). See {@link PlatformSelection} for what a platform filter does.
 * <p>
 * Between the two, the referrers of every manifest now current on a target (signatures, attestations, SBOMs) follow
 * it there, as the job's {@link ReferrerPolicy} says ({@link ReferrerSync}); they are reported apart from the tags.
 * A dry run ({@link #plan}) plans them by the same path, from the tags it would copy too, and writes nothing.
 * <p>
 * A sync owns its threads and clients and releases them however it ends. On interrupt it cancels the work in flight
 * (workers interrupted, source streams closed, no further writes), waits briefly for the workers, and throws
 * {@link InterruptedException}. The engine closes the clients it gets from the factory when the sync ends, so the
 * factory must hand out a client the caller may close.
 */
public final class DefaultSyncEngine implements SyncEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSyncEngine.class);
    /** How long a cancelled sync waits for its workers; a worker stuck in a socket write cannot be stopped sooner. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

    private final RegistryClientFactory factory;
    private final TransferLimits limits;
    private final BlobLocations locations;
    private final EngineTuning tuning;
    private final Clock clock;
    private final AnonymousPullProbe anonymousPull;

    public DefaultSyncEngine(RegistryClientFactory factory, TransferLimits limits) {
        this(factory, limits, Clock.systemUTC(), new BlobLocations());
    }

    public DefaultSyncEngine(RegistryClientFactory factory, TransferLimits limits, Clock clock, BlobLocations locations) {
        this(factory, limits, clock, locations, EngineTuning.defaults());
    }

    public DefaultSyncEngine(RegistryClientFactory factory, TransferLimits limits, Clock clock, BlobLocations locations,
                             EngineTuning tuning) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.locations = Objects.requireNonNull(locations, "locations");
        this.tuning = Objects.requireNonNull(tuning, "tuning");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.anonymousPull = new AnonymousPullProbe(factory);
    }

    @Override
    public SyncReport sync(MirrorJob job, SyncListener listener) throws InterruptedException {
        return run(job, listener, false);
    }

    @Override
    public SyncReport plan(MirrorJob job) throws InterruptedException {
        return run(job, SyncListener.NONE, true);
    }

    private SyncReport run(MirrorJob job, SyncListener userListener, boolean dryRun) throws InterruptedException {
        Instant start = clock.instant();
        SyncListener listener = new SafeListener(userListener);
        Repository sourceRepo = job.source().repository();
        try (SyncClients clients = SyncClients.open(factory, job)) {
            if (clients.sourceFailure() != null) {
                return sourceFailed(job, clients, clients.sourceFailure(), start);
            }
            List<String> tags;
            try {
                tags = candidateTags(job, clients.source());
            } catch (RuntimeException e) {
                return sourceFailed(job, clients, Failure.of("listing the tags of " + sourceRepo, e), start);
            }
            List<String> selected = ReferrerSync.withoutReferrerTags(job, job.tagFilter().select(tags));
            listener.onTagsSelected(selected);
            LOG.debug("{}: {} of {} tags selected", job.name(), selected.size(), tags.size());
            // A targeted sync (a push event) is about its tags alone; the pins wait for the next full sync.
            List<DigestPin> pins = job.targeted() ? List.of() : job.pins();

            // Closed when the sync returns: by then the probe after the copy has used it.
            AnonymousPullProbe.Prepared anonymous = anonymousPull.prepare(job);
            try {
                return copyAndProbe(job, clients, selected, tags, pins, anonymous.probingEarly(job, listener), dryRun,
                        anonymous, start);
            } finally {
                anonymous.close();
            }
        }
    }

    /** The sync once its tags are selected: plan, copy (unless a dry run), then the anonymous-pull probe. */
    private SyncReport copyAndProbe(MirrorJob job, SyncClients clients, List<String> selected, List<String> tags,
                                    List<DigestPin> pins, SyncListener listener, boolean dryRun,
                                    AnonymousPullProbe.Prepared anonymous, Instant start) throws InterruptedException {
        Repository sourceRepo = job.source().repository();
        List<String> outcomeNames = new ArrayList<>(selected);
        pins.forEach(p -> outcomeNames.add(p.outcomeName()));
        OutcomeBook book = new OutcomeBook(clients.targets(), outcomeNames, listener);
        SyncCounters counters = new SyncCounters();
        List<String> registries = new ArrayList<>();
        registries.add(sourceRepo.registry());
        clients.targets().forEach(t -> registries.add(t.registry()));
        SyncExecutors executors = new SyncExecutors(tuning.requestThreads(), job.concurrency(),
                job.targets().size(), registries);
        Cancellation cancellation = new Cancellation();
        PlatformSelection platforms = new PlatformSelection(job.platforms());
        Map<Integer, List<ReferrerOutcome>> referrers = Map.of();
        try {
            List<CopyTask> copies = new SyncPlanner(clients.source(), sourceRepo, clients.targets(), platforms,
                    book, executors, cancellation).plan(selected, pins, dryRun, !job.targeted());
            if (dryRun) {
                copies.forEach(c -> book.record(c.target(), TagOutcome.of(c.tag(), TagState.PLANNED, c.digest())));
            } else {
                copyPhase(job, clients.source(), platforms, book, counters, executors, cancellation, listener)
                        .run(copies);
            }
            referrers = referrerSync(job, clients.source(), tags, counters, executors, cancellation, listener)
                    .run(clients.targets(), book, outcomeNames, dryRun);
        } catch (InterruptedException e) {
            cancellation.cancel();
            executors.shutdownNow();
            if (!executors.awaitTermination(CANCEL_GRACE)) {
                LOG.warn("{}: some transfers did not stop within {} after cancellation", job.name(), CANCEL_GRACE);
            }
            throw e;
        } finally {
            // Normally every task is done by now; waiting makes "no thread and no slot outlives the sync" exact.
            executors.shutdownNow();
            executors.awaitTermination(CANCEL_GRACE);
        }
        // After the copy, so the probe sees the tags as the public will; a dry run probes the tags already there.
        List<TargetReport> reports = anonymousPull.probeAll(job, withReferrers(book.reports(counters), referrers),
                anonymous);
        return new SyncReport(job.name(), sourceRepo, selected, reports,
                counters.totals(Duration.between(start, clock.instant())), null, null);
    }

    /**
     * The tags to filter: the source's list, or for a targeted sync the requested tags. Those are listed only when
     * the filter cannot judge a tag alone ({@code latest}), and then only the requested ones among them count.
     */
    private static List<String> candidateTags(MirrorJob job, RegistryClient source) {
        if (!job.targeted()) {
            return source.listTags(job.source().repository());
        }
        if (job.tagFilter().judgesTagsAlone()) {
            return job.requestedTags();
        }
        List<String> listed = job.tagFilter().select(source.listTags(job.source().repository()));
        return job.requestedTags().stream().filter(listed::contains).toList();
    }

    /** The collaborators of one sync's copy, wired explicitly: each takes only what it uses. */
    private CopyPhase copyPhase(MirrorJob job, RegistryClient source, PlatformSelection platforms, OutcomeBook book,
                                SyncCounters counters, SyncExecutors executors, Cancellation cancellation,
                                SyncListener listener) {
        Repository sourceRepo = job.source().repository();
        return new CopyPhase(
                new ManifestWalker(source, sourceRepo, platforms, executors.forRegistry(sourceRepo.registry())),
                blobFanOut(job, source, counters, executors, cancellation, listener),
                new ManifestWriter(book, limits, counters, cancellation, executors));
    }

    private BlobFanOut blobFanOut(MirrorJob job, RegistryClient source, SyncCounters counters,
                                  SyncExecutors executors, Cancellation cancellation, SyncListener listener) {
        Repository sourceRepo = job.source().repository();
        return new BlobFanOut(new SourceBlobs(source, sourceRepo, counters.sourceBytesRead, cancellation),
                new MountPolicy(sourceRepo, locations), limits, tuning, new ProgressReporter(listener, clock), counters,
                new UploadRetry(job.retries(), tuning.uploadBackoff(), cancellation), executors.blobs,
                job.concurrency(), executors.uploads, cancellation);
    }

    /** The referrer copy of one sync: the same walker, blob fan-out and writer as images, one set per level. */
    private ReferrerSync referrerSync(MirrorJob job, RegistryClient source, List<String> sourceTags,
                                      SyncCounters counters, SyncExecutors executors, Cancellation cancellation,
                                      SyncListener listener) {
        Repository sourceRepo = job.source().repository();
        PlatformSelection asIs = new PlatformSelection(List.of());
        ReferrerSync.Copies copies = (book, indexing) -> new CopyPhase(
                new ManifestWalker(source, sourceRepo, asIs, executors.forRegistry(sourceRepo.registry())),
                blobFanOut(job, source, counters, executors, cancellation, listener),
                ManifestWriter.forReferrers(book, limits, counters, cancellation, executors, indexing));
        return ReferrerSync.of(job, source, sourceTags, copies, counters, executors, cancellation);
    }

    private static List<TargetReport> withReferrers(List<TargetReport> reports,
                                                    Map<Integer, List<ReferrerOutcome>> referrers) {
        List<TargetReport> out = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            out.add(reports.get(i).withReferrers(referrers.getOrDefault(i, List.of())));
        }
        return out;
    }

    private SyncReport sourceFailed(MirrorJob job, SyncClients clients, Failure failure, Instant start) {
        List<TargetReport> empty = anonymousPull.skipAll(job,
                clients.targets().stream().map(t -> new TargetReport(t.repository(), List.of())).toList(),
                "the source could not be read");
        return new SyncReport(job.name(), job.source().repository(), List.of(), empty,
                new SyncCounters().totals(Duration.between(start, clock.instant())), failure.message(), failure.kind());
    }
}
