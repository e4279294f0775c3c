package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static io.hagicode.imagemirror.sync.Mirrors.T2;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.TestImages;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-mirror, per-registry and process-wide bounds hold, measured at the fake registries. */
class ConcurrencyBoundsTest {
    private final FakeRegistries registries = new FakeRegistries();
    private FakeRegistry src;
    private FakeRegistry t1;
    private FakeRegistry t2;

    @BeforeEach
    void seed() {
        src = registries.add(SRC);
        t1 = registries.add(T1);
        t2 = registries.add(T2);
        for (String repo : new String[] {"team/app", "team/other"}) {
            TestImages images = new TestImages(src, repo, repo.length());
            images.tag("v1", images.image("linux/amd64", 6, 40_000).manifest());
        }
        t1.slowUploads(10);
        t2.slowUploads(10);
    }

    @Test
    void aMirrorNeverHasMoreBlobsInFlightThanItsConcurrency() throws Exception {
        t1.holdFirstUploads(4, 1000);
        t2.holdFirstUploads(4, 1000);

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.withConcurrency(Mirrors.twoTargets(), 3),
                SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        // the first uploads wait for a fourth that must not come: the bound is reached, and never passed
        assertThat(t1.maxPushesInFlight()).isEqualTo(3);
        assertThat(t2.maxPushesInFlight()).isEqualTo(3);
        assertThat(src.maxReadsInFlight()).isBetween(1, 3);
    }

    @Test
    void theRegistryCapBoundsUploadsToOneRegistry() throws Exception {
        TransferLimits limits = TransferLimits.of(16, 2);
        t1.holdFirstUploads(3, 1000);

        SyncReport report = Mirrors.engine(registries, limits).sync(Mirrors.withConcurrency(Mirrors.twoTargets(), 6),
                SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(t1.maxPushesInFlight()).isEqualTo(2);
        assertThat(src.maxReadsInFlight()).isBetween(1, 2);
        assertThat(limits.globalInFlight()).isZero();
        assertThat(limits.inFlight(T1)).isZero();
    }

    @Test
    void theGlobalCapIsSharedByConcurrentSyncs() throws Exception {
        TransferLimits limits = TransferLimits.of(2, 8);
        t1.holdFirstUploads(3, 1000);
        DefaultSyncEngine engine = new DefaultSyncEngine(registries, limits, Clock.systemUTC(), new BlobLocations(),
                Mirrors.FAST);
        MirrorJob a = Mirrors.withConcurrency(Mirrors.job(Mirrors.endpoint(SRC, "team/app"),
                Mirrors.endpoint(T1, "mirror/app")), 4);
        MirrorJob b = Mirrors.withConcurrency(Mirrors.job(Mirrors.endpoint(SRC, "team/other"),
                Mirrors.endpoint(T1, "mirror/other")), 4);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<SyncReport> fa = pool.submit(() -> engine.sync(a, SyncListener.NONE));
            Future<SyncReport> fb = pool.submit(() -> engine.sync(b, SyncListener.NONE));
            assertThat(fa.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
            assertThat(fb.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(src.maxReadsInFlight()).isBetween(1, 2);
        assertThat(t1.maxPushesInFlight()).isEqualTo(2);
        assertThat(limits.globalInFlight()).isZero();
    }

    @Test
    void syncThreadsAreDaemonsAndGoneAfterTheSync() throws Exception {
        CompletableFuture<Boolean> daemons = new CompletableFuture<>();
        RecordingListener listener = new RecordingListener();
        listener.onFinished = () -> daemons.complete(Thread.currentThread().isDaemon());

        Mirrors.engine(registries).sync(Mirrors.twoTargets(), listener);

        assertThat(daemons.getNow(false)).isTrue();
        assertThat(Mirrors.liveSyncThreads()).isEmpty();
    }
}
