package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.Endpoint;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncEngine;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagFilter;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounded worker pool: one sync per mirror, cancellation, completion signals. */
class SyncPoolTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final FakeSyncEngine engine = new FakeSyncEngine();
    private final List<ResourceID> finished = new CopyOnWriteArrayList<>();
    private final List<String> lifecycle = new CopyOnWriteArrayList<>();
    private SyncPool pool;

    @AfterEach
    void close() {
        engine.release();
        pool.close();
    }

    @Test
    void aFinishedSyncLeavesItsCompletionAndSignalsOnce() {
        pool = pool(engine, 2);

        assertThat(pool.start(mirror("a"), 1, SyncScheduler.Trigger.FIRST, job("a"))).isTrue();

        await().atMost(WAIT).until(() -> finished.size() == 1);
        SyncCompletion completion = pool.lastCompletion(mirror("a").id()).orElseThrow();
        assertThat(completion.verdict().reason()).isEqualTo(ReadyReason.Synced);
        assertThat(completion.generation()).isEqualTo(1L);
        assertThat(lifecycle).containsExactly("started team/a", "finished team/a Synced");
        assertThat(pool.activeCount()).isZero();
    }

    @Test
    void aMirrorNeverHasTwoSyncs() {
        pool = pool(engine.hold(), 2);

        assertThat(pool.start(mirror("a"), 1, SyncScheduler.Trigger.FIRST, job("a"))).isTrue();
        assertThat(pool.start(mirror("a"), 2, SyncScheduler.Trigger.SPEC_CHANGED, job("a"))).isFalse();
        assertThat(pool.start(mirror("b"), 1, SyncScheduler.Trigger.FIRST, job("b"))).isTrue();

        await().atMost(WAIT).until(() -> engine.jobs().size() == 2);
        assertThat(pool.activeCount()).isEqualTo(2);
    }

    @Test
    void cancellingARunningSyncInterruptsItAndLeavesNoCompletion() {
        pool = pool(engine.hold(), 1);
        pool.start(mirror("a"), 1, SyncScheduler.Trigger.FIRST, job("a"));
        await().atMost(WAIT).until(() -> pool.active(mirror("a").id()).map(ActiveSync::isRunning).orElse(false));

        pool.cancel(mirror("a").id());

        await().atMost(WAIT).until(() -> finished.size() == 1);
        assertThat(engine.interruptions()).isEqualTo(1);
        assertThat(pool.lastCompletion(mirror("a").id())).isEmpty();
        assertThat(pool.active(mirror("a").id())).isEmpty();
        assertThat(lifecycle).containsExactly("started team/a");
    }

    @Test
    void thePoolBoundsSyncsAndACancelledQueuedSyncNeverRuns() {
        pool = pool(engine.hold(), 1);
        pool.start(mirror("a"), 1, SyncScheduler.Trigger.FIRST, job("a"));
        pool.start(mirror("b"), 1, SyncScheduler.Trigger.FIRST, job("b"));
        await().atMost(WAIT).until(() -> engine.jobs().size() == 1);
        assertThat(pool.queuedCount()).isEqualTo(1);
        assertThat(pool.active(mirror("b").id()).orElseThrow().isRunning()).isFalse();

        pool.cancel(mirror("b").id());

        assertThat(finished).containsExactly(mirror("b").id());
        assertThat(pool.active(mirror("b").id())).isEmpty();
        engine.release();
        await().atMost(WAIT).until(() -> finished.size() == 2);
        assertThat(engine.jobs()).extracting(MirrorJob::name).containsExactly("team/a");
    }

    @Test
    void anEngineThatThrowsGivesASyncFailedCompletion() {
        AtomicInteger calls = new AtomicInteger();
        SyncEngine broken = new SyncEngine() {
            @Override
            public SyncReport sync(MirrorJob job, SyncListener listener) {
                calls.incrementAndGet();
                throw new IllegalStateException("engine bug");
            }

            @Override
            public SyncReport plan(MirrorJob job) {
                throw new UnsupportedOperationException();
            }
        };
        pool = pool(broken, 1);

        pool.start(mirror("a"), 1, SyncScheduler.Trigger.FIRST, job("a"));

        await().atMost(WAIT).until(() -> finished.size() == 1);
        SyncCompletion completion = pool.lastCompletion(mirror("a").id()).orElseThrow();
        assertThat(completion.report()).isEmpty();
        assertThat(completion.verdict()).isEqualTo(new SyncVerdict(ReadyReason.SyncFailed,
                "the sync stopped unexpectedly: IllegalStateException: engine bug"));
        assertThat(calls).hasValue(1);
    }

    @Test
    void aListenerThatThrowsKeepsNoSyncFromStartingOrEnding() {
        pool = new SyncPool(engine, 1, new SyncLifecycle() {
            @Override
            public void started(MirrorRef mirror, SyncScheduler.Trigger trigger, long generation) {
                throw new IllegalStateException("the API server refused the Event");
            }

            @Override
            public void finished(SyncCompletion completion) {
                throw new IllegalStateException("the API server refused the Event");
            }
        }, Clock.systemUTC());
        pool.onFinished(finished::add);

        assertThat(pool.start(mirror("a"), 1, SyncScheduler.Trigger.FIRST, job("a"))).isTrue();

        await().atMost(WAIT).until(() -> finished.size() == 1);
        assertThat(pool.lastCompletion(mirror("a").id())).isPresent();
        assertThat(pool.activeCount()).isZero();
    }

    private SyncPool pool(SyncEngine syncEngine, int workers) {
        SyncPool r = new SyncPool(syncEngine, workers, new SyncLifecycle() {
            @Override
            public void started(MirrorRef mirror, SyncScheduler.Trigger trigger, long generation) {
                lifecycle.add("started " + mirror);
            }

            @Override
            public void finished(SyncCompletion completion) {
                lifecycle.add("finished " + completion.mirror() + " " + completion.verdict().reason());
            }
        }, Clock.systemUTC());
        r.onFinished(finished::add);
        return r;
    }

    private static MirrorRef mirror(String name) {
        return new MirrorRef("team", name, "uid-" + name);
    }

    private static MirrorJob job(String name) {
        return new MirrorJob("team/" + name,
                new Endpoint(Repository.parse("docker.io/team/" + name), Credentials.ANONYMOUS, false),
                List.of(new Endpoint(Repository.parse("registry.example.com/m/" + name), Credentials.ANONYMOUS, false)),
                TagFilter.ALL, List.of(), 2, 1);
    }
}
