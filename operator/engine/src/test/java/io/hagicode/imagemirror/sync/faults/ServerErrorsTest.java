package io.hagicode.imagemirror.sync.faults;

import static io.hagicode.imagemirror.sync.faults.FaultBench.SOURCE_REPO;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TransferLimits;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.FaultRule;
import io.hagicode.imagemirror.testkit.ProxiedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 500/502/503 bursts and 429s, with and without {@code Retry-After}, at the source and at a target. */
class ServerErrorsTest {
    private static final int RETRIES = 2;
    @RegisterExtension
    static final FaultBench bench = FaultBench.withFixtures(SOURCE_REPO, 41);

    @Test
    void burstsOf500And502And503ShorterThanTheAttemptsAreRetriedAway() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        FaultProxy targetProxy = bench.proxy(target);
        List<FaultRule> rules = List.of(
                source.when("GET", "/tags/list").times(1).then(Fault.status(502)),
                source.when("GET", "/manifests/sha256:").times(2).then(Fault.status(503)),
                source.when("GET", "/blobs/sha256:").times(2).then(Fault.status(500)),
                targetProxy.when("HEAD", "/manifests/").times(1).then(Fault.status(503)),
                targetProxy.when("POST", FaultProxy.blobUpload()).times(2).then(Fault.status(500)),
                targetProxy.when("PUT", "/manifests/").times(2).then(Fault.status(502)));

        SyncReport report = FaultBench.sync(FaultBench.job(source.hostPort(), SOURCE_REPO, targetProxy.hostPort(),
                RETRIES));

        assertThat(rules).allSatisfy(r -> assertThat(r.exhausted()).as(r.toString()).isTrue());
        bench.assertEverythingCopied(report, target);
        FaultBench.tally("5xx bursts", source.faultsInjected() + targetProxy.faultsInjected(), report);
    }

    @Test
    void a503ThatOutlastsTheAttemptsFailsOnlyItsTagAndTheNextSyncPushesJustTheManifest() throws Exception {
        DistributionRegistry target = bench.newTarget();
        FaultProxy proxy = bench.proxy(target);
        FaultRule down = proxy.when("PUT", FaultProxy.manifest("small")).always().then(Fault.status(503));
        MirrorJob job = FaultBench.job(bench.source.hostPort(), SOURCE_REPO, proxy.hostPort(), RETRIES);

        SyncReport first = FaultBench.sync(job);

        TagOutcome small = FaultBench.outcome(first, "small");
        assertThat(small.state()).isEqualTo(TagState.FAILED);
        assertThat(small.errorKind()).isEqualTo(RegistryErrorKind.SERVER_ERROR);
        assertThat(small.error()).contains("503").contains("small");
        TargetCheck.assertCleanReason(small.error());
        System.out.println("[reason] " + small.error());
        assertThat(FaultBench.outcome(first, "big").state()).isEqualTo(TagState.COPIED);
        assertThat(FaultBench.outcome(first, "multi").state()).isEqualTo(TagState.COPIED);
        assertThat(down.hits()).as("the transport's tries, and no other layer's").isEqualTo(RETRIES + 1);
        assertThat(TargetCheck.assertConsistent(target, bench.fixtures)).containsExactlyInAnyOrder("big", "multi");
        FaultBench.tally("503 outlasting the retries", proxy.faultsInjected(), first);

        down.disable();
        int mark = target.accessLogMark();
        SyncReport second = FaultBench.sync(job);

        assertThat(FaultBench.outcome(second, "small").state()).isEqualTo(TagState.COPIED);
        assertThat(target.accessLogSince(mark)).as("every blob of small arrived in the first sync")
                .noneMatch(e -> e.path().contains("/blobs/uploads/"));
        assertThat(TargetCheck.assertConsistent(target, bench.fixtures))
                .containsExactlyInAnyOrderElementsOf(bench.fixtures.keySet());
    }

    @Test
    void a429WithRetryAfterIsWaitedForAsAsked() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        FaultRule limited = source.when("GET", "/tags/list").times(1).then(Fault.tooManyRequests(Duration.ofSeconds(1)));

        SyncReport report = FaultBench.sync(FaultBench.job(source.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES));

        assertThat(limited.hits()).isEqualTo(1);
        List<ProxiedRequest> listings = source.requests().stream().filter(r -> r.uri().contains("/tags/list")).toList();
        assertThat(listings).hasSize(2);
        assertThat(Duration.ofNanos(listings.get(1).nanoTime() - listings.get(0).nanoTime()))
                .as("wait between the 429 and the retry").isGreaterThanOrEqualTo(Duration.ofMillis(900));
        bench.assertEverythingCopied(report, target);
        FaultBench.tally("429 with Retry-After", source.faultsInjected(), report);
    }

    @Test
    void a429WithoutRetryAfterIsRetriedWithBackoff() throws Exception {
        DistributionRegistry target = bench.newTarget();
        FaultProxy proxy = bench.proxy(target);
        FaultRule limited = proxy.when("POST", FaultProxy.blobUpload()).times(2).then(Fault.tooManyRequests(null));

        SyncReport report = FaultBench.sync(FaultBench.job(bench.source.hostPort(), SOURCE_REPO, proxy.hostPort(),
                RETRIES));

        assertThat(limited.hits()).isEqualTo(2);
        bench.assertEverythingCopied(report, target);
        FaultBench.tally("429 without Retry-After", proxy.faultsInjected(), report);
    }

    @Test
    void a429TheTransportRetriedAwayStillShrinksThatRegistrysWindow() throws Exception {
        // As the CLI and the operator wire it: the per-registry back-off observes every try the transport makes.
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        source.when("GET", "/tags/list").times(1).then(Fault.tooManyRequests(null));
        TransferLimits limits = TransferLimits.builder().recoveryEvery(1_000).build();
        MirrorJob job = FaultBench.job(source.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES);

        SyncReport report = FaultBench.sync(job, FaultBench.options(RETRIES + 1).withObserver(limits.throttleObserver()),
                SyncListener.NONE, limits);

        bench.assertEverythingCopied(report, target);
        assertThat(limits.currentLimit(source.hostPort())).isEqualTo(TransferLimits.DEFAULT_REGISTRY_CAP / 2);
        assertThat(limits.currentLimit(target.hostPort())).isEqualTo(TransferLimits.DEFAULT_REGISTRY_CAP);
    }

    @Test
    void a429ThatNeverEndsFailsTheTagAsRateLimited() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        String smallDigest = bench.fixtures.get("small").digest();
        source.when("GET", FaultProxy.manifest(smallDigest)).always().then(Fault.tooManyRequests(null));

        SyncReport report = FaultBench.sync(FaultBench.job(source.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES));

        TagOutcome small = FaultBench.outcome(report, "small");
        assertThat(small.state()).isEqualTo(TagState.FAILED);
        assertThat(small.errorKind()).isEqualTo(RegistryErrorKind.TOO_MANY_REQUESTS);
        assertThat(small.error()).contains(smallDigest).contains("429");
        TargetCheck.assertCleanReason(small.error());
        System.out.println("[reason] " + small.error());
        assertThat(FaultBench.outcome(report, "big").state()).isEqualTo(TagState.COPIED);
        assertThat(TargetCheck.assertConsistent(target, bench.fixtures)).containsExactlyInAnyOrder("big", "multi");
        FaultBench.tally("429 that never ends", source.faultsInjected(), report);
    }
}
