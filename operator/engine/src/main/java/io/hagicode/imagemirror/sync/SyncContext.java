package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.Repository;
import java.util.List;

/** What the collaborators of one sync share. Built once per sync by {@link SyncRun}. */
record SyncContext(MirrorJob job, RegistryClient source, List<Target> targets, SyncExecutors executors,
                   Cancellation cancellation, SyncCounters counters, SyncListener listener, ProgressReporter progress,
                   TransferLimits limits, BlobLocations locations, EngineTuning tuning, PlatformSelection platforms,
                   OutcomeBook book, UploadRetry uploadRetry) {

    Repository sourceRepository() {
        return job.source().repository();
    }

    String sourceRegistry() {
        return job.source().repository().registry();
    }
}
