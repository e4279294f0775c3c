package io.hagicode.imagemirror.app.operator;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Operator settings for tests: the command line's defaults, no leader election, progress refreshed every second. */
final class TestSettings {
    private TestSettings() {
    }

    static OperatorSettings defaults() {
        return new OperatorSettings(Set.of(), new InetSocketAddress("127.0.0.1", 0), 4, 32, 16, false,
                Optional.empty(), Optional.empty(), List.of(),
                new ImageMirrorReconciler.Timing(Duration.ofSeconds(1), Duration.ofMinutes(5)));
    }

    static OperatorSettings withLeaderElection(OperatorSettings s, String leaseNamespace, String identity) {
        return new OperatorSettings(s.namespaces(), s.metricsAddress(), s.maxConcurrentSyncs(), s.maxTransfers(),
                s.maxTransfersPerRegistry(), true, Optional.of(leaseNamespace), Optional.of(identity), s.caFiles(),
                s.timing());
    }

    static OperatorSettings watching(OperatorSettings s, String... namespaces) {
        return new OperatorSettings(Set.of(namespaces), s.metricsAddress(), s.maxConcurrentSyncs(), s.maxTransfers(),
                s.maxTransfersPerRegistry(), s.leaderElection(), s.leaseNamespace(), s.leaseIdentity(), s.caFiles(),
                s.timing());
    }
}
