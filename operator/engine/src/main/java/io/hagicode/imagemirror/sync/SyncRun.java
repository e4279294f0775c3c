package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.RegistryClientFactory;
import io.hagicode.imagemirror.oci.Repository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync (or dry run) of one mirror, start to end: clients, tags, plan, copy, report. Owns the sync's threads and
 * clients and releases them however it ends. On interrupt it cancels the work in flight (workers interrupted, source
 * streams closed, no further writes), waits briefly for the workers, and throws {@link InterruptedException}.
 */
final class SyncRun {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);
    /** How long a cancelled sync waits for its workers; a worker stuck in a socket write cannot be stopped sooner. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

    private final RegistryClientFactory factory;
    private final TransferLimits limits;
    private final BlobLocations locations;
    private final EngineTuning tuning;
    private final Clock clock;
    private final AnonymousPullProbe anonymousPull;

    SyncRun(RegistryClientFactory factory, TransferLimits limits, BlobLocations locations, EngineTuning tuning,
            Clock clock) {
        this.factory = factory;
        this.limits = limits;
        this.locations = locations;
        this.tuning = tuning;
        this.clock = clock;
        this.anonymousPull = new AnonymousPullProbe(factory);
    }

    SyncReport run(MirrorJob job, SyncListener userListener, boolean dryRun) throws InterruptedException {
        Instant start = clock.instant();
        SyncListener listener = new SafeListener(userListener);
        Repository sourceRepo = job.source().repository();
        try (SyncClients clients = SyncClients.open(factory, job)) {
            if (clients.sourceFailure() != null) {
                return sourceFailed(job, clients, clients.sourceFailure(), start);
            }
            List<String> tags;
            try {
                tags = clients.source().listTags(sourceRepo);
            } catch (RuntimeException e) {
                return sourceFailed(job, clients, Failure.of("listing the tags of " + sourceRepo, e), start);
            }
            List<String> selected = job.tagFilter().select(tags);
            listener.onTagsSelected(selected);
            LOG.debug("{}: {} of {} tags selected", job.name(), selected.size(), tags.size());

            OutcomeBook book = new OutcomeBook(clients.targets(), selected, listener);
            SyncCounters counters = new SyncCounters();
            SyncExecutors executors = new SyncExecutors(tuning.requestThreads(), job.concurrency(), job.targets().size());
            Cancellation cancellation = new Cancellation();
            SyncContext ctx = new SyncContext(job, clients.source(), clients.targets(), executors, cancellation,
                    counters, listener, new ProgressReporter(listener, clock), limits, locations, tuning,
                    new PlatformSelection(job.platforms()), book,
                    new UploadRetry(job.retries(), tuning.uploadBackoff()));
            try {
                List<CopyTask> copies = new SyncPlanner(ctx).plan(selected, dryRun);
                if (dryRun) {
                    copies.forEach(c -> book.record(c.target(), TagOutcome.of(c.tag(), TagState.PLANNED, c.digest())));
                } else {
                    new CopyPhase(ctx).run(copies);
                }
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
            List<TargetReport> reports = anonymousPull.probeAll(job, book.reports(counters));
            return new SyncReport(job.name(), sourceRepo, selected, reports,
                    counters.totals(Duration.between(start, clock.instant())), null, null);
        }
    }

    private SyncReport sourceFailed(MirrorJob job, SyncClients clients, Failure failure, Instant start) {
        List<TargetReport> empty = anonymousPull.skipAll(job,
                clients.targets().stream().map(t -> new TargetReport(t.repository(), List.of())).toList(),
                "the source could not be read");
        return new SyncReport(job.name(), job.source().repository(), List.of(), empty,
                new SyncCounters().totals(Duration.between(start, clock.instant())), failure.message(), failure.kind());
    }
}
