package io.hagicode.imagemirror.sync.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.sync.EngineTuning;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TransferLimits;
import io.hagicode.imagemirror.testkit.AccessLogEntry;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.FaultRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blob spool between real Distribution 2.8 registries: the target's upload of the 1 MiB layer of "big" is cut
 * half way (Distribution then drops the session, so the upload starts again), and what the retry reads from the source
 * tells whether it replayed the spool. Each test spools into a directory of its own, which must be empty after the
 * sync whatever happened: success, failure, cancellation.
 */
class SpoolTest {
    private static final String REPO = "spool/app";
    /** Between the fixtures' small layers and the 1 MiB layer of "big": only that one is spooled. */
    private static final long THRESHOLD = 512 * 1024;
    private static final long CUT_AT = FaultBench.BIG_LAYER_BYTES / 2;
    /**
     * Source bytes a sync may read beyond a clean one's for other reasons than the cut: on a loaded machine a small
     * blob's read can time out and be read again. Well below the half layer a retry without the spool reads again.
     */
    private static final long SMALL_BLOB_NOISE = 64 * 1024;
    @RegisterExtension
    static final FaultBench bench = FaultBench.withFixtures(REPO, 61);

    @TempDir
    Path spoolDir;

    @Test
    void aRetryAfterATargetCutReplaysTheSpoolAndReadsTheSourceOnce() throws Exception {
        long clean = sourceBytesOfACleanSync();
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry registry = bench.newTarget();
        FaultProxy target = bench.proxy(registry);
        FaultRule cut = cutTheBigLayersUpload(target);
        int logged = bench.source.accessLog().size();

        SyncReport report = sync(source, target, 2, spool(THRESHOLD, 4 * FaultBench.BIG_LAYER_BYTES));

        assertThat(cut.hits()).isEqualTo(1);
        assertCopied(report, registry);
        assertThat(bigLayerGetStatuses(logged)).as("the retry asked the source nothing").containsExactly(200);
        assertThat(report.totals().sourceBytesRead() - clean).as("source bytes beyond a clean sync's, the spool's "
                + "not counted").isBetween(0L, SMALL_BLOB_NOISE);
        assertNoSpoolFileLeft();
    }

    @Test
    void aBlobUnderTheThresholdIsNotSpooledAndItsRetryReadsTheSourceAgain() throws Exception {
        long clean = sourceBytesOfACleanSync();
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry registry = bench.newTarget();
        FaultProxy target = bench.proxy(registry);
        cutTheBigLayersUpload(target);
        int logged = bench.source.accessLog().size();

        SyncReport report = sync(source, target, 2, spool(2L * FaultBench.BIG_LAYER_BYTES, Long.MAX_VALUE));

        assertCopied(report, registry);
        assertThat(bigLayerGetStatuses(logged)).as("the retry read the whole layer again").containsExactly(200, 200);
        assertThat(report.totals().sourceBytesRead()).isGreaterThanOrEqualTo(clean + CUT_AT);
        assertNoSpoolFileLeft();
    }

    @Test
    void overTheBudgetTheBlobIsNotSpooledAndStillCopied() throws Exception {
        long clean = sourceBytesOfACleanSync();
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry registry = bench.newTarget();
        FaultProxy target = bench.proxy(registry);
        cutTheBigLayersUpload(target);

        int logged = bench.source.accessLog().size();

        // What the budget leaves (less than the threshold) is not worth a prefix.
        SyncReport report = sync(source, target, 2, spool(THRESHOLD, THRESHOLD - 1));

        assertCopied(report, registry);
        assertThat(bigLayerGetStatuses(logged)).as("the retry read the whole layer again").containsExactly(200, 200);
        assertThat(report.totals().sourceBytesRead()).isGreaterThanOrEqualTo(clean + CUT_AT);
        assertNoSpoolFileLeft();
    }

    @Test
    void aBudgetBelowTheBlobSpoolsAPrefixAndTheRetryReadsOnlyTheRestFromTheSource() throws Exception {
        long clean = sourceBytesOfACleanSync();
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry registry = bench.newTarget();
        FaultProxy target = bench.proxy(registry);
        cutTheBigLayersUpload(target);
        long budget = 3L * FaultBench.BIG_LAYER_BYTES / 4;
        int logged = bench.source.accessLog().size();

        SyncReport report = sync(source, target, 2, spool(THRESHOLD, budget));

        assertCopied(report, registry);
        assertThat(bigLayerGetStatuses(logged)).as("the first read, then the rest past the spool with a Range")
                .containsExactly(200, 206);
        // Read twice: at most what the first read got past the spool's end (a quarter) before the upload failed.
        assertThat(report.totals().sourceBytesRead() - clean)
                .isBetween(0L, FaultBench.BIG_LAYER_BYTES - budget + SMALL_BLOB_NOISE);
        assertNoSpoolFileLeft();
    }

    @Test
    void aCorruptSpoolFailsTheDigestCheckAndTheNextAttemptReadsTheSource() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry registry = bench.newTarget();
        FaultProxy target = bench.proxy(registry);
        cutTheBigLayersUpload(target);
        // After the cut the client asks the session how far it got: by then the reader has spooled past byte 1000.
        FaultRule corrupt = target.when("GET", FaultProxy.blobUpload()).times(1)
                .then(Fault.beforeForwarding(() -> flipByte(onlySpoolFile(), 1000)));
        int logged = bench.source.accessLog().size();

        SyncReport report = sync(source, target, 2, spool(THRESHOLD, 4 * FaultBench.BIG_LAYER_BYTES));

        assertThat(corrupt.hits()).isEqualTo(1);
        assertCopied(report, registry);
        String hex = bench.bigLayer().substring("sha256:".length());
        assertThat(target.count("PUT", FaultProxy.blobUpload() + ".*" + hex))
                .as("the cut upload, the one that replayed the corrupt spool, the good one").isEqualTo(3);
        assertThat(bigLayerGetStatuses(logged)).as("the first read, then the source alone from byte 0")
                .containsExactly(200, 200);
        assertNoSpoolFileLeft();
    }

    @Test
    void aSourceThatCannotServeTheRestPastASpooledPrefixEndsTheRetriesAsAnUnopenedSourceWould() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry registry = bench.newTarget();
        FaultProxy target = bench.proxy(registry);
        cutTheBigLayersUpload(target);
        // Once the first read is under way (the cut upload asks its session's offset), every later GET of the layer,
        // the retry's Range GET past the spool among them, answers 503.
        target.when("GET", FaultProxy.blobUpload()).times(1).then(Fault.beforeForwarding(() -> source
                .when("GET", FaultProxy.blob(bench.bigLayer())).always().then(Fault.status(503))));

        SyncReport report = sync(source, target, 2, spool(THRESHOLD, 3L * FaultBench.BIG_LAYER_BYTES / 4));

        TagOutcome big = FaultBench.outcome(report, "big");
        assertThat(big.state()).isEqualTo(TagState.FAILED);
        assertThat(big.error()).contains(bench.bigLayer());
        // The first read, then one retry's Range GET with the transport's 3 tries; no second retry asks again.
        assertThat(source.count("GET", FaultProxy.blob(bench.bigLayer()))).isEqualTo(1 + 3);
        assertNoSpoolFileLeft();
    }

    @Test
    void anUploadThatNeverSucceedsFailsItsTagAndLeavesNoSpoolFile() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry registry = bench.newTarget();
        FaultProxy target = bench.proxy(registry);
        String hex = bench.bigLayer().substring("sha256:".length());
        target.when("PUT", FaultProxy.blobUpload() + ".*" + hex).always().then(Fault.cutRequestAfter(CUT_AT));

        SyncReport report = sync(source, target, 1, spool(THRESHOLD, 4 * FaultBench.BIG_LAYER_BYTES));

        TagOutcome big = FaultBench.outcome(report, "big");
        assertThat(big.state()).isEqualTo(TagState.FAILED);
        assertThat(big.error()).contains(bench.bigLayer());
        assertThat(FaultBench.outcome(report, "small").state()).isEqualTo(TagState.COPIED);
        assertNoSpoolFileLeft();
    }

    @Test
    void aCancelledSyncLeavesNoSpoolFile() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry registry = bench.newTarget();
        FaultProxy target = bench.proxy(registry);
        // The source stops sending after 600 KiB of the layer: the reader waits there with a spool file open.
        source.when("GET", FaultProxy.blob(bench.bigLayer())).always().then(Fault.stallResponseAfter(600 * 1024));
        EngineTuning tuning = spool(THRESHOLD, 4 * FaultBench.BIG_LAYER_BYTES);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread syncing = new Thread(() -> {
            try {
                result.complete(sync(source, target, 2, tuning));
            } catch (Throwable e) {
                result.complete(e);
            }
        });
        syncing.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (spoolFiles().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(spoolFiles()).as("the reader spools the layer").hasSize(1);

        syncing.interrupt();

        assertThat(result.get(20, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        syncing.join(5000);
        assertNoSpoolFileLeft();
    }

    private static FaultRule cutTheBigLayersUpload(FaultProxy target) {
        String hex = bench.bigLayer().substring("sha256:".length());
        return target.when("PUT", FaultProxy.blobUpload() + ".*" + hex).times(1)
                .then(Fault.cutRequestAfter(CUT_AT));
    }

    /** Bytes a sync of the same tags reads from the source when nothing goes wrong: each blob once. */
    private long sourceBytesOfACleanSync() throws InterruptedException {
        DistributionRegistry target = bench.newTarget();
        SyncReport report = FaultBench.sync(FaultBench.job(bench.source.hostPort(), REPO, target.hostPort(), 0),
                spool(THRESHOLD, 4 * FaultBench.BIG_LAYER_BYTES));
        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        return report.totals().sourceBytesRead();
    }

    private EngineTuning spool(long threshold, long budget) {
        return FaultBench.tuning().withSpool(new EngineTuning.Spool(spoolDir, threshold, budget));
    }

    private static SyncReport sync(FaultProxy source, FaultProxy target, int retries, EngineTuning tuning)
            throws InterruptedException {
        return FaultBench.sync(FaultBench.job(source.hostPort(), REPO, target.hostPort(), retries),
                FaultBench.options(retries + 1), SyncListener.NONE, TransferLimits.defaults(), tuning);
    }

    /** The statuses of the source registry's answers to GETs of the layer since its log had {@code from} entries. */
    private static List<Integer> bigLayerGetStatuses(int from) {
        List<AccessLogEntry> log = bench.source.accessLog();
        return log.subList(from, log.size()).stream()
                .filter(e -> e.is("GET") && e.path().endsWith("/blobs/" + bench.bigLayer()))
                .map(AccessLogEntry::status).toList();
    }

    private static void assertCopied(SyncReport report, DistributionRegistry target) {
        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(TargetCheck.assertConsistent(target, bench.fixtures))
                .containsExactlyInAnyOrderElementsOf(bench.fixtures.keySet());
    }

    private void assertNoSpoolFileLeft() {
        assertThat(spoolFiles()).as("spool files left in " + spoolDir).isEmpty();
    }

    private List<Path> spoolFiles() {
        try (Stream<Path> files = Files.list(spoolDir)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path onlySpoolFile() {
        List<Path> files = spoolFiles();
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    private static void flipByte(Path file, long position) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            assertThat(channel.read(one, position)).isEqualTo(1);
            one.put(0, (byte) (one.get(0) ^ 0xff)).rewind();
            assertThat(channel.write(one, position)).isEqualTo(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
