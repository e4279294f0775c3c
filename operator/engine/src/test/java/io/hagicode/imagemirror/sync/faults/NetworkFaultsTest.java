package io.hagicode.imagemirror.sync.faults;

import static io.hagicode.imagemirror.sync.faults.FaultBench.SOURCE_REPO;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.FaultRule;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connection faults in the middle of a transfer, at the source and at a target: cut, stalled, reset. Each is injected
 * once and the sync must recover within its retries, leaving the target byte-identical to the source.
 */
class NetworkFaultsTest {
    private static final int RETRIES = 2;
    @RegisterExtension
    static final FaultBench bench = FaultBench.withFixtures(SOURCE_REPO, 11);

    @Test
    void aSourceConnectionCutInTheMiddleOfABlobIsReadAgain() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        FaultRule cut = source.when("GET", FaultProxy.blob(bench.bigLayer())).then(Fault.cutResponseAfter(256 * 1024));

        SyncReport report = FaultBench.sync(FaultBench.job(source.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES));

        assertThat(cut.hits()).isEqualTo(1);
        assertThat(source.count("GET", FaultProxy.blob(bench.bigLayer()))).isEqualTo(2);
        bench.assertEverythingCopied(report, target);
        FaultBench.tally("cut mid-blob at the source", source.faultsInjected(), report);
    }

    @Test
    void aTargetConnectionCutInTheMiddleOfAnUploadIsUploadedAgain() throws Exception {
        DistributionRegistry target = bench.newTarget();
        FaultProxy proxy = bench.proxy(target);
        String hex = bench.bigLayer().substring("sha256:".length());
        FaultRule cut = proxy.when("PUT", FaultProxy.blobUpload() + ".*" + hex).then(Fault.cutRequestAfter(256 * 1024));

        SyncReport report = FaultBench.sync(FaultBench.job(bench.source.hostPort(), SOURCE_REPO, proxy.hostPort(),
                RETRIES));

        assertThat(cut.hits()).isEqualTo(1);
        assertThat(proxy.count("PUT", FaultProxy.blobUpload() + ".*" + hex)).isGreaterThanOrEqualTo(2);
        // The registry stored the layer once: from the retry, not from the cut upload.
        assertThat(target.accessLog()).filteredOn(e -> e.is("PUT") && e.uri().contains(hex) && e.status() == 201)
                .hasSize(1);
        bench.assertEverythingCopied(report, target);
        FaultBench.tally("cut mid-upload at a target", proxy.faultsInjected(), report);
    }

    @Test
    void aStalledSourceConnectionTimesOutAndIsReadAgainWhileTheTargetNeverShowsTheTag() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        FaultRule stall = source.when("GET", FaultProxy.blob(bench.bigLayer()))
                .then(Fault.stallResponseAfter(64 * 1024));
        MirrorJob job = FaultBench.job(source.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES);

        // A longer read timeout than the bench's, so the mid-stall check below has time to run on a busy machine.
        Duration readTimeout = Duration.ofSeconds(3);
        CompletableFuture<SyncReport> sync = CompletableFuture.supplyAsync(() -> {
            try {
                return FaultBench.sync(job, FaultBench.options(RETRIES + 1).withReadTimeout(readTimeout),
                        SyncListener.NONE);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (stall.hits() == 0 && System.nanoTime() < deadline && !sync.isDone()) {
            Thread.sleep(5);
        }
        assertThat(stall.hits()).as("the stall was reached").isEqualTo(1);
        // Mid-sync: whatever the target already serves is right, and "big" cannot be there while its layer hangs.
        List<String> during = TargetCheck.assertDigestsMatch(target, bench.fixtures);
        boolean stillStalled = source.count("GET", FaultProxy.blob(bench.bigLayer())) == 1;
        assertThat(stillStalled).as("checked while the stall lasted (read timeout " + readTimeout + ")")
                .isTrue();
        assertThat(during).doesNotContain("big");

        SyncReport report = sync.get(60, TimeUnit.SECONDS);
        assertThat(source.count("GET", FaultProxy.blob(bench.bigLayer()))).isEqualTo(2);
        bench.assertEverythingCopied(report, target);
        FaultBench.tally("stalled source connection", source.faultsInjected(), report);
    }

    @Test
    void connectionResetsMidBlobAndAfterAManifestPutAreRecovered() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        FaultProxy targetProxy = bench.proxy(target);
        FaultRule midBlob = source.when("GET", FaultProxy.blob(bench.bigLayer())).then(Fault.resetAfter(100_000));
        // The registry stores the manifest but its answer is lost: the client cannot know, and must PUT again.
        FaultRule lostAnswer = targetProxy.when("PUT", FaultProxy.manifest("small")).then(Fault.resetBeforeResponse());

        SyncReport report = FaultBench.sync(FaultBench.job(source.hostPort(), SOURCE_REPO, targetProxy.hostPort(),
                RETRIES));

        assertThat(midBlob.hits()).isEqualTo(1);
        assertThat(lostAnswer.hits()).isEqualTo(1);
        assertThat(target.accessLog()).filteredOn(e -> e.is("PUT") && e.path().endsWith("/manifests/small"))
                .hasSize(2);
        bench.assertEverythingCopied(report, target);
        FaultBench.tally("connection resets", source.faultsInjected() + targetProxy.faultsInjected(), report);
    }
}
