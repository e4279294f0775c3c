package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.RegistryClientFactory;
import java.time.Clock;
import java.util.Objects;

/**
 * The sync engine. Each {@link #sync} runs on the calling thread with pools of its own (see {@link SyncExecutors});
 * what is shared between concurrent syncs is the {@link TransferLimits} (process-wide and per-registry bounds, adaptive
 * on 429) and the {@link BlobLocations} (where blobs were seen, for cross-repository mounts).
 * <p>
 * A sync: list and filter the source tags; HEAD each at the source and at every target, and copy only the tags whose
 * digests differ (no source manifest GET when nothing changed); for those, walk the source graph once per digest,
 * move every missing blob once per target with one source read fanned out to all targets, then push child manifests
 * and finally the tags. Every (target, tag) ends UP_TO_DATE, COPIED or FAILED with a reason; one failure never stops
 * the rest. Last, each target gets one manifest HEAD from a client without credentials, to tell whether the public
 * can pull it ({@link AnonymousPullProbe}). See {@link PlatformSelection} for what a platform filter does.
 * <p>
 * The engine closes the clients it gets from the factory when the sync ends, so the factory must hand out a client the
 * caller may close.
 */
public final class DefaultSyncEngine implements SyncEngine {
    private final SyncRun runner;

    public DefaultSyncEngine(RegistryClientFactory factory, TransferLimits limits) {
        this(factory, limits, Clock.systemUTC(), new BlobLocations());
    }

    public DefaultSyncEngine(RegistryClientFactory factory, TransferLimits limits, Clock clock, BlobLocations locations) {
        this(factory, limits, clock, locations, EngineTuning.defaults());
    }

    public DefaultSyncEngine(RegistryClientFactory factory, TransferLimits limits, Clock clock, BlobLocations locations,
                             EngineTuning tuning) {
        this.runner = new SyncRun(Objects.requireNonNull(factory, "factory"), Objects.requireNonNull(limits, "limits"),
                Objects.requireNonNull(locations, "locations"), Objects.requireNonNull(tuning, "tuning"),
                Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public SyncReport sync(MirrorJob job, SyncListener listener) throws InterruptedException {
        return runner.run(job, listener, false);
    }

    @Override
    public SyncReport plan(MirrorJob job) throws InterruptedException {
        return runner.run(job, SyncListener.NONE, true);
    }
}
