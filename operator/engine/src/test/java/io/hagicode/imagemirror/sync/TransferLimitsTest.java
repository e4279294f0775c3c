package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** AIMD windows per registry and the all-at-once admission of transfers. */
class TransferLimitsTest {
    private final AtomicLong now = new AtomicLong();

    private TransferLimits limits(int global, int registry, int recoveryEvery, Duration cooldown) {
        return TransferLimits.builder().globalCap(global).registryCap(registry).recoveryEvery(recoveryEvery)
                .decreaseCooldown(cooldown).nanoTime(now::get).build();
    }

    @Test
    void a429HalvesOnlyThatRegistrysWindowDownToOne() {
        TransferLimits limits = limits(16, 8, 3, Duration.ZERO);

        limits.throttled("docker.io");
        assertThat(limits.currentLimit("docker.io")).isEqualTo(4);
        limits.throttled("docker.io");
        limits.throttled("docker.io");
        assertThat(limits.currentLimit("docker.io")).isEqualTo(1);
        limits.throttled("docker.io");
        assertThat(limits.currentLimit("docker.io")).isEqualTo(1);
        assertThat(limits.currentLimit("quay.io")).isEqualTo(8);
        assertThat(limits.currentLimits()).containsEntry("docker.io", 1).containsEntry("quay.io", 8);
    }

    @Test
    void successesGrowTheWindowBackByOnePerRoundUpToTheCap() {
        TransferLimits limits = limits(16, 4, 3, Duration.ZERO);
        limits.throttled("r");
        assertThat(limits.currentLimit("r")).isEqualTo(2);

        limits.succeeded("r");
        limits.succeeded("r");
        assertThat(limits.currentLimit("r")).isEqualTo(2);
        limits.succeeded("r");
        assertThat(limits.currentLimit("r")).isEqualTo(3);
        for (int i = 0; i < 30; i++) {
            limits.succeeded("r");
        }
        assertThat(limits.currentLimit("r")).isEqualTo(4);
    }

    @Test
    void throttlesWithinTheCooldownCountOnce() {
        TransferLimits limits = limits(16, 8, 3, Duration.ofSeconds(1));
        limits.throttled("r");
        now.addAndGet(Duration.ofMillis(500).toNanos());
        limits.throttled("r");
        assertThat(limits.currentLimit("r")).isEqualTo(4);
        now.addAndGet(Duration.ofMillis(600).toNanos());
        limits.throttled("r");
        assertThat(limits.currentLimit("r")).isEqualTo(2);
    }

    @Test
    void theThrottleObserverReactsTo429Only() {
        TransferLimits limits = limits(16, 8, 3, Duration.ZERO);
        limits.throttleObserver().onResponse("r", "GET", 200, 1);
        limits.throttleObserver().onResponse("r", "GET", 503, 1);
        assertThat(limits.currentLimit("r")).isEqualTo(8);
        limits.throttleObserver().onResponse("r", "GET", 429, 1);
        assertThat(limits.currentLimit("r")).isEqualTo(4);
    }

    @Test
    void aFullRegistryBlocksUntilASlotIsReleased() throws Exception {
        TransferLimits limits = limits(16, 1, 3, Duration.ZERO);
        TransferLease first = limits.acquire(List.of("src", "dst"));
        CompletableFuture<TransferLease> second = CompletableFuture.supplyAsync(() -> acquire(limits, List.of("dst")));

        assertThatThrownBy(() -> second.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        first.release("dst");
        TransferLease got = second.get(5, TimeUnit.SECONDS);
        assertThat(limits.inFlight("dst")).isEqualTo(1);
        assertThat(limits.inFlight("src")).isEqualTo(1);
        got.close();
        first.close();
        assertThat(limits.inFlight("dst")).isZero();
        assertThat(limits.inFlight("src")).isZero();
        assertThat(limits.globalInFlight()).isZero();
    }

    @Test
    void theGlobalCapCountsTransfersNotStreams() throws Exception {
        TransferLimits limits = limits(1, 8, 3, Duration.ZERO);
        TransferLease first = limits.acquire(List.of("a", "b", "c"));
        CompletableFuture<TransferLease> second = CompletableFuture.supplyAsync(() -> acquire(limits, List.of("d")));

        assertThatThrownBy(() -> second.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        first.close();
        second.get(5, TimeUnit.SECONDS).close();
        assertThat(limits.globalInFlight()).isZero();
    }

    @Test
    void anIdleRegistryAdmitsATransferThatWantsMoreSlotsThanItsWindow() throws Exception {
        TransferLimits limits = limits(16, 4, 3, Duration.ZERO);
        limits.throttled("r");
        limits.throttled("r");
        assertThat(limits.currentLimit("r")).isEqualTo(1);

        try (TransferLease lease = limits.acquire(List.of("r", "r", "r"))) {
            assertThat(limits.inFlight("r")).isEqualTo(3);
            lease.release("r");
            assertThat(limits.inFlight("r")).isEqualTo(2);
        }
        assertThat(limits.inFlight("r")).isZero();
    }

    @Test
    void aWindowThatGrowsWakesAWaitingTransfer() throws Exception {
        TransferLimits limits = limits(16, 2, 1, Duration.ZERO);
        limits.throttled("r");
        TransferLease first = limits.acquire(List.of("r"));
        CompletableFuture<TransferLease> second = CompletableFuture.supplyAsync(() -> acquire(limits, List.of("r")));
        assertThatThrownBy(() -> second.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        limits.succeeded("r");

        second.get(5, TimeUnit.SECONDS).close();
        first.close();
    }

    @Test
    void invalidCapsAreRefusedWithTheValues() {
        assertThatThrownBy(() -> TransferLimits.of(0, 4)).hasMessageContaining("global=0");
        assertThatThrownBy(() -> TransferLimits.builder().registryCap("docker.io", 0))
                .hasMessageContaining("docker.io");
    }

    @Test
    void aRegistryOverrideCapsThatRegistryAlone() {
        TransferLimits limits = TransferLimits.builder().registryCap(8).registryCap("docker.io", 2).build();
        assertThat(limits.currentLimit("docker.io")).isEqualTo(2);
        assertThat(limits.currentLimit("ghcr.io")).isEqualTo(8);
    }

    private static TransferLease acquire(TransferLimits limits, List<String> registries) {
        try {
            return limits.acquire(registries);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
