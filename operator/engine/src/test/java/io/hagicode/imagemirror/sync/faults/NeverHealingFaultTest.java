package io.hagicode.imagemirror.sync.faults;

import static io.hagicode.imagemirror.sync.faults.FaultBench.SOURCE_REPO;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.PushedImage;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a fault that never heals costs: every request it hits is tried {@code retries + 1} times in all, whichever
 * layer retries it (the transport for single requests, the engine for a whole blob upload), never a product of layers.
 * The counts are taken at the proxy in front of the faulty registry.
 */
class NeverHealingFaultTest {
    private static final int RETRIES = 2;
    private static final long TRIES = RETRIES + 1;
    @RegisterExtension
    static final FaultBench bench = FaultBench.withFixtures(SOURCE_REPO, 61);

    @Test
    void aSourceBlobGetAnswering503IsTriedRetriesPlusOneTimes() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        String big = bench.bigLayer();
        source.when("GET", FaultProxy.blob(big)).always().then(Fault.status(503));

        SyncReport report = syncFrom(source, bench.newTarget());

        assertFailed(report, "big");
        assertThat(source.count("GET", FaultProxy.blob(big))).as("GETs of the blob").isEqualTo(TRIES);
    }

    @Test
    void aSourceBlobGetCutMidBodyWhoseResumeBringsNothingIsTriedRetriesPlusOneTimes() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        String big = bench.bigLayer();
        // A cut after progress is resumed, not retried; what never heals is a link that then lets nothing through.
        source.when("GET", FaultProxy.blob(big)).times(1).then(Fault.cutResponseAfter(256 * 1024));
        source.when("GET", FaultProxy.blob(big)).always().then(Fault.cutResponseAfter(0));

        SyncReport report = syncFrom(source, bench.newTarget());

        assertFailed(report, "big");
        // The first try's read resumes once (a continuation, not a try), then each try reads once.
        assertThat(source.count("GET", FaultProxy.blob(big))).as("GETs of the blob").isEqualTo(TRIES + 1);
    }

    @Test
    void aSourceManifestGetAnswering429IsTriedRetriesPlusOneTimes() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        String small = bench.fixtures.get("small").digest();
        source.when("GET", FaultProxy.manifest(small)).always().then(Fault.tooManyRequests(null));

        SyncReport report = syncFrom(source, bench.newTarget());

        assertFailed(report, "small");
        assertThat(source.count("GET", FaultProxy.manifest(small))).as("GETs of the manifest").isEqualTo(TRIES);
    }

    @Test
    void everyUploadSessionPostAnswering503IsTriedRetriesPlusOneTimes() throws Exception {
        DistributionRegistry target = bench.newTarget();
        FaultProxy proxy = bench.proxy(target);
        proxy.when("POST", FaultProxy.blobUpload()).always().then(Fault.status(503));

        SyncReport report = syncTo(proxy);

        assertThat(report.targets().get(0).tags()).allSatisfy(t -> assertThat(t.state()).isEqualTo(TagState.FAILED));
        // Each distinct blob is one upload, and the POST opening its session is the request that fails.
        assertThat(proxy.count("POST", FaultProxy.blobUpload())).as("session POSTs")
                .isEqualTo(TRIES * distinctBlobs());
    }

    @Test
    void aBlobPutCutMidBodyIsTriedRetriesPlusOneTimes() throws Exception {
        DistributionRegistry target = bench.newTarget();
        FaultProxy proxy = bench.proxy(target);
        String hex = bench.bigLayer().substring("sha256:".length());
        proxy.when("PUT", FaultProxy.blobUpload() + ".*" + hex).always().then(Fault.cutRequestAfter(256 * 1024));

        SyncReport report = syncTo(proxy);

        assertFailed(report, "big");
        assertThat(proxy.count("PUT", FaultProxy.blobUpload() + ".*" + hex)).as("PUTs of the blob").isEqualTo(TRIES);
        assertThat(proxy.count("POST", FaultProxy.blobUpload() + "$")).as("session POSTs")
                .isEqualTo(distinctBlobs() - 1 + TRIES);
    }

    @Test
    void aManifestPutAnswering503IsTriedRetriesPlusOneTimes() throws Exception {
        DistributionRegistry target = bench.newTarget();
        FaultProxy proxy = bench.proxy(target);
        proxy.when("PUT", FaultProxy.manifest("small")).always().then(Fault.status(503));

        SyncReport report = syncTo(proxy);

        assertFailed(report, "small");
        assertThat(proxy.count("PUT", FaultProxy.manifest("small"))).as("PUTs of the tag").isEqualTo(TRIES);
    }

    private static SyncReport syncFrom(FaultProxy source, DistributionRegistry target) throws InterruptedException {
        return FaultBench.sync(FaultBench.job(source.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES));
    }

    private static SyncReport syncTo(FaultProxy target) throws InterruptedException {
        return FaultBench.sync(FaultBench.job(bench.source.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES));
    }

    private static void assertFailed(SyncReport report, String tag) {
        assertThat(FaultBench.outcome(report, tag).state()).as(String.valueOf(report)).isEqualTo(TagState.FAILED);
        report.targets().get(0).tags().stream().filter(t -> !t.tag().equals(tag))
                .forEach(t -> assertThat(t.state()).as(t.tag()).isEqualTo(TagState.COPIED));
    }

    private static long distinctBlobs() {
        Set<String> blobs = new TreeSet<>();
        for (PushedImage image : bench.fixtures.values()) {
            blobs.addAll(image.blobDigests());
        }
        return blobs.size();
    }
}
