package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Platform;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Shared setup of the engine tests: hosts, endpoints, jobs, an engine over fakes. */
final class Mirrors {
    static final String SRC = "src.test:5000";
    static final String T1 = "t1.test:5000";
    static final String T2 = "t2.test:5000";
    static final EngineTuning FAST = EngineTuning.defaults().withRetryBackoff(Duration.ZERO)
            .withStallBudget(Duration.ofSeconds(5));

    private Mirrors() {
    }

    static Endpoint endpoint(String host, String path) {
        return new Endpoint(new Repository(host, path), Credentials.ANONYMOUS, true);
    }

    static MirrorJob job(Endpoint source, Endpoint... targets) {
        return new MirrorJob("test/mirror", source, List.of(targets), TagFilter.ALL, List.of(), 4, 0);
    }

    /** The usual job: src.test:5000/team/app to the same path on t1 and t2. */
    static MirrorJob twoTargets() {
        return job(endpoint(SRC, "team/app"), endpoint(T1, "mirror/app"), endpoint(T2, "mirror/app"));
    }

    static MirrorJob withPlatforms(MirrorJob j, String... platforms) {
        return new MirrorJob(j.name(), j.source(), j.targets(), j.tagFilter(),
                Arrays.stream(platforms).map(Platform::parse).toList(), j.concurrency(), j.retries());
    }

    static MirrorJob withConcurrency(MirrorJob j, int concurrency) {
        return new MirrorJob(j.name(), j.source(), j.targets(), j.tagFilter(), j.platforms(), concurrency, j.retries());
    }

    static MirrorJob withRetries(MirrorJob j, int retries) {
        return new MirrorJob(j.name(), j.source(), j.targets(), j.tagFilter(), j.platforms(), j.concurrency(), retries);
    }

    static MirrorJob withFilter(MirrorJob j, TagFilter filter) {
        return new MirrorJob(j.name(), j.source(), j.targets(), filter, j.platforms(), j.concurrency(), j.retries());
    }

    static DefaultSyncEngine engine(FakeRegistries registries) {
        return engine(registries, TransferLimits.defaults());
    }

    static DefaultSyncEngine engine(FakeRegistries registries, TransferLimits limits) {
        return new DefaultSyncEngine(registries, limits, Clock.systemUTC(), new BlobLocations(), FAST);
    }

    static TagOutcome outcome(SyncReport report, int target, String tag) {
        return report.targets().get(target).tags().stream().filter(t -> t.tag().equals(tag)).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + tag + " on target " + target));
    }

    /**
     * The sync's threads still alive. A pool reports termination a moment before its last thread has fully exited,
     * so each is given a second to finish dying.
     */
    static List<Thread> liveSyncThreads() throws InterruptedException {
        List<Thread> live = new java.util.ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("imagemirror-sync")) {
                t.join(1000);
                if (t.isAlive()) {
                    live.add(t);
                }
            }
        }
        return live;
    }

    static List<TagState> states(SyncReport report, int target) {
        return report.targets().get(target).tags().stream().map(TagOutcome::state).toList();
    }
}
