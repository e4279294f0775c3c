package io.hagicode.imagemirror.sync.faults;

import static io.hagicode.imagemirror.sync.faults.FaultBench.SOURCE_REPO;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.FaultRule;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A registry process killed in the middle of a sync and started again (same port, same storage): the requests in
 * flight die with it, later ones are refused until it is back. The proxy only says when: it kills the registry as the
 * chosen request arrives, then forwards that request to the dead process.
 */
class RegistryRestartTest {
    /**
     * Enough tries, with the bench's doubling backoff (10 ms, jittered by a factor of 0.5 to 1.5), for the waits of one
     * request to span a restart of a second or more on a busy machine: at least 1.27 s over 8 retries. One layer
     * retries each request, so these tries are all a request gets.
     */
    private static final int RETRIES = 8;
    @RegisterExtension
    static final FaultBench bench = FaultBench.withFixtures(SOURCE_REPO, 31);

    /** Kills {@code registry} now and starts it again a moment later, on another thread. */
    private static Runnable killAndRestart(DistributionRegistry registry, CompletableFuture<Void> restarted) {
        return () -> {
            registry.stop();
            CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(200);
                    registry.restart();
                    restarted.complete(null);
                } catch (Throwable e) {
                    restarted.completeExceptionally(e);
                }
            });
        };
    }

    private static void assertRecovered(SyncReport report, DistributionRegistry target, MirrorJob job)
            throws Exception {
        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(TargetCheck.assertConsistent(target, bench.fixtures))
                .containsExactlyInAnyOrderElementsOf(bench.fixtures.keySet());
        SyncReport again = FaultBench.sync(job);
        assertThat(again.targets().get(0).tags()).extracting(TagOutcome::state).containsOnly(TagState.UP_TO_DATE);
    }

    @Test
    void aTargetKilledWhileABlobUploadsIsWaitedForAndTheSyncCompletes() throws Exception {
        DistributionRegistry target = bench.newTarget();
        FaultProxy proxy = bench.proxy(target);
        CompletableFuture<Void> restarted = new CompletableFuture<>();
        String hex = bench.bigLayer().substring(7);
        FaultRule kill = proxy.when("PUT", FaultProxy.blobUpload() + ".*" + hex)
                .then(Fault.beforeForwarding(killAndRestart(target, restarted)));
        MirrorJob job = FaultBench.job(bench.source.hostPort(), SOURCE_REPO, proxy.hostPort(), RETRIES);

        SyncReport report = FaultBench.sync(job);

        restarted.get(10, TimeUnit.SECONDS);
        assertThat(kill.hits()).isEqualTo(1);
        assertThat(target.isRunning()).isTrue();
        assertRecovered(report, target, job);
        FaultBench.tally("target killed and restarted", proxy.faultsInjected(), report);
    }

    @Test
    void aSourceKilledWhileABlobIsReadIsWaitedForAndTheSyncCompletes() throws Exception {
        FaultProxy proxy = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        CompletableFuture<Void> restarted = new CompletableFuture<>();
        FaultRule kill = proxy.when("GET", FaultProxy.blob(bench.bigLayer()))
                .then(Fault.beforeForwarding(killAndRestart(bench.source, restarted)));
        MirrorJob job = FaultBench.job(proxy.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES);

        SyncReport report = FaultBench.sync(job);

        restarted.get(10, TimeUnit.SECONDS);
        assertThat(kill.hits()).isEqualTo(1);
        assertRecovered(report, target, job);
        FaultBench.tally("source killed and restarted", proxy.faultsInjected(), report);
    }
}
