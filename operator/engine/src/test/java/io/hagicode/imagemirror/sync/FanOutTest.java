package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static io.hagicode.imagemirror.sync.Mirrors.T2;
import static io.hagicode.imagemirror.sync.Mirrors.outcome;
import static io.hagicode.imagemirror.sync.Mirrors.states;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.FakeRegistry.Op;
import io.hagicode.imagemirror.sync.fake.TestImages;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One source read feeds every target; a bad or slow target does not hold the others back. */
class FanOutTest {
    private final FakeRegistries registries = new FakeRegistries();
    private FakeRegistry src;
    private FakeRegistry t1;
    private FakeRegistry t2;
    private TestImages.Image image;

    @BeforeEach
    void seed() {
        src = registries.add(SRC);
        t1 = registries.add(T1);
        t2 = registries.add(T2);
        TestImages images = new TestImages(src, "team/app", 3);
        image = images.image("linux/amd64", 3, 300_000);
        images.tag("v1", image.manifest());
    }

    @Test
    void aColdSyncToTwoTargetsReadsEachSourceByteOnce() throws Exception {
        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(src.blobBytesServed()).isEqualTo(image.blobBytes());
        assertThat(report.totals().sourceBytesRead()).isEqualTo(image.blobBytes());
        assertThat(report.totals().bytesCopied()).isEqualTo(2 * image.blobBytes());
        assertThat(report.targets()).allSatisfy(t -> assertThat(t.bytesCopied()).isEqualTo(image.blobBytes()));
        assertThat(src.count(Op.OPEN_BLOB)).isEqualTo(image.blobs().size());
    }

    @Test
    void anUploadContinuedFromAnOffsetGetsTheRestFromASourceReadOfItsOwnWithoutANewAttempt() throws Exception {
        long offset = 100_000;
        t1.continueUploadsAt(1, offset);

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(t1.count(Op.PUSH_BLOB)).isEqualTo(image.blobs().size());
        for (byte[] blob : image.blobs()) {
            assertThat(t1.hasBlob("mirror/app", Digest.sha256(blob))).isTrue();
        }
        // The shared read, plus the continued upload's own read of one blob, verified up to the offset and on.
        assertThat(src.count(Op.OPEN_BLOB)).isEqualTo(image.blobs().size() + 1);
    }

    @Test
    void anUploadContinuedFromAnOffsetReplaysTheSpoolAndTheSourceIsReadOnce(@TempDir Path spoolDir)
            throws Exception {
        t1.continueUploadsAt(1, 100_000);
        DefaultSyncEngine engine = new DefaultSyncEngine(registries, TransferLimits.defaults(), Clock.systemUTC(),
                new BlobLocations(), Mirrors.FAST.withSpool(new EngineTuning.Spool(spoolDir, 0, 16L << 20)));

        SyncReport report = engine.sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(t1.count(Op.PUSH_BLOB)).isEqualTo(image.blobs().size());
        for (byte[] blob : image.blobs()) {
            assertThat(t1.hasBlob("mirror/app", Digest.sha256(blob))).isTrue();
        }
        // The continuation replayed the spool up to the offset and on: no second read at the source.
        assertThat(src.count(Op.OPEN_BLOB)).isEqualTo(image.blobs().size());
        assertThat(src.blobBytesServed()).isEqualTo(image.blobBytes());
        assertThat(spoolDir).isEmptyDirectory();
    }

    @Test
    void aTargetThatFailsEveryUploadDoesNotFailTheOther() throws Exception {
        t1.fail(Op.PUSH_BLOB, Integer.MAX_VALUE,
                () -> FakeRegistry.error(RegistryErrorKind.SERVER_ERROR, 503, "storage unavailable"));

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        TagOutcome failed = outcome(report, 0, "v1");
        assertThat(failed.state()).isEqualTo(TagState.FAILED);
        assertThat(failed.errorKind()).isEqualTo(RegistryErrorKind.SERVER_ERROR);
        assertThat(failed.error()).contains("t1.test:5000/mirror/app").containsPattern("blob sha256:[0-9a-f]{64}")
                .doesNotContain("\n");
        assertThat(outcome(report, 1, "v1").state()).isEqualTo(TagState.COPIED);
        assertThat(t2.tag("mirror/app", "v1")).contains(image.manifest().digest());
        assertThat(t1.tag("mirror/app", "v1")).isEmpty();
        assertThat(src.blobBytesServed()).isEqualTo(image.blobBytes());
    }

    @Test
    void aRetryReReadsTheSourceForTheFailingTargetAlone() throws Exception {
        t1.fail(Op.PUSH_BLOB, 1, () -> FakeRegistry.error(RegistryErrorKind.SERVER_ERROR, 500, "oops"));
        MirrorJob job = Mirrors.withConcurrency(Mirrors.withRetries(Mirrors.twoTargets(), 1), 1);

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        // Largest blob first: with concurrency 1 the first upload to t1, the one that fails, is of the largest blob.
        long firstBlobSize = image.blobs().stream().mapToLong(b -> b.length).max().orElseThrow();
        // the shared read of every blob, plus one solo re-read of the blob whose first upload to t1 failed
        assertThat(src.blobBytesServed()).isEqualTo(image.blobBytes() + firstBlobSize);
        assertThat(src.count(Op.OPEN_BLOB)).isEqualTo(image.blobs().size() + 1);
        assertThat(t2.writes()).filteredOn(w -> w.kind().equals("blob")).hasSize(image.blobs().size());
    }

    @Test
    void aSourceStreamThatBreaksIsRetriedAndBothTargetsGetTheBlob() throws Exception {
        src.breakBlobStreams(1, 30); // the first blob read is the largest (blobs start largest first)
        MirrorJob job = Mirrors.withConcurrency(Mirrors.withRetries(Mirrors.twoTargets(), 1), 1);

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(states(report, 0)).containsOnly(TagState.COPIED);
        assertThat(t1.tag("mirror/app", "v1")).contains(image.manifest().digest());
        assertThat(t2.tag("mirror/app", "v1")).contains(image.manifest().digest());
    }

    @Test
    void aSourceBlobThatCannotBeOpenedIsNotOpenedAgainForAnyTarget() throws Exception {
        // The source client's transport already retried that GET; re-reading for each upload retry would multiply it.
        src.fail(Op.OPEN_BLOB, 1, () -> FakeRegistry.error(RegistryErrorKind.SERVER_ERROR, 503, "unavailable"));
        MirrorJob job = Mirrors.withConcurrency(Mirrors.withRetries(Mirrors.twoTargets(), 2), 1);

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        for (int t = 0; t < 2; t++) {
            TagOutcome failed = outcome(report, t, "v1");
            assertThat(failed.state()).isEqualTo(TagState.FAILED);
            assertThat(failed.errorKind()).isEqualTo(RegistryErrorKind.SERVER_ERROR);
            assertThat(failed.error()).startsWith("reading blob").contains("unavailable").contains("(1 attempt)");
        }
        assertThat(src.count(Op.OPEN_BLOB)).as("each blob opened once").isEqualTo(image.blobs().size());
    }

    @Test
    void aBrokenSourceStreamWithoutRetriesIsBlamedOnTheSource() throws Exception {
        src.breakBlobStreams(1, 30); // the first blob read is the largest (blobs start largest first)
        MirrorJob job = Mirrors.withConcurrency(Mirrors.twoTargets(), 1);

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        TagOutcome failed = outcome(report, 0, "v1");
        assertThat(failed.state()).isEqualTo(TagState.FAILED);
        assertThat(failed.errorKind()).isEqualTo(RegistryErrorKind.NETWORK);
        assertThat(failed.error()).startsWith("reading blob").contains("from src.test:5000/team/app");
    }

    @Test
    void aSlowTargetIsDetachedAndFinishesOnItsOwnWhileTheOtherIsDone() throws Exception {
        t1.slowUploads(25);
        EngineTuning tuning = new EngineTuning(64 * 1024, 1, Duration.ofMillis(100), Duration.ZERO, 4,
                EngineTuning.defaults().spool());
        DefaultSyncEngine engine = new DefaultSyncEngine(registries, TransferLimits.defaults(), Clock.systemUTC(),
                new BlobLocations(), tuning);
        RecordingListener listener = new RecordingListener();
        AtomicInteger t1UploadsWhenT2Finished = new AtomicInteger(-1);
        listener.onFinished = () -> {
            if (listener.finished.size() == 1) {
                t1UploadsWhenT2Finished.set(t1.writes().stream().anyMatch(w -> w.kind().equals("tag")) ? 0 : 1);
            }
        };

        SyncReport report = engine.sync(Mirrors.withConcurrency(Mirrors.twoTargets(), 1), listener);

        assertThat(report.succeeded()).isTrue();
        assertThat(listener.finished.get(0).target().registry()).isEqualTo(T2);
        assertThat(t1UploadsWhenT2Finished.get()).isEqualTo(1);
        // t1 continued from its own streams: more than the unique bytes were read, and t1 still got every blob intact
        assertThat(src.blobBytesServed()).isGreaterThan(image.blobBytes());
        for (byte[] blob : image.blobs()) {
            assertThat(t1.hasBlob("mirror/app", Digest.sha256(blob))).isTrue();
        }
    }

    @Test
    void aDetachedTargetReplaysTheSpoolAndTheSourceIsReadOnce(@TempDir Path spoolDir) throws Exception {
        t1.slowUploads(25);
        EngineTuning tuning = new EngineTuning(64 * 1024, 1, Duration.ofMillis(100), Duration.ZERO, 4,
                new EngineTuning.Spool(spoolDir, 0, 16L << 20));
        DefaultSyncEngine engine = new DefaultSyncEngine(registries, TransferLimits.defaults(), Clock.systemUTC(),
                new BlobLocations(), tuning);
        RecordingListener listener = new RecordingListener();

        SyncReport report = engine.sync(Mirrors.withConcurrency(Mirrors.twoTargets(), 1), listener);

        assertThat(report.succeeded()).isTrue();
        assertThat(listener.finished.get(0).target().registry()).as("t1 was detached").isEqualTo(T2);
        assertThat(src.blobBytesServed()).isEqualTo(image.blobBytes());
        assertThat(report.totals().sourceBytesRead()).isEqualTo(image.blobBytes());
        for (byte[] blob : image.blobs()) {
            assertThat(t1.hasBlob("mirror/app", Digest.sha256(blob))).isTrue();
        }
        assertThat(spoolDir).isEmptyDirectory();
    }
}
