package io.hagicode.imagemirror.app.operator;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code imagemirror operator} was asked to do, checked.
 *
 * @param namespaces           the namespaces to watch; empty means all
 * @param leaseNamespace       where the leader-election Lease lives; empty: the client's namespace
 * @param leaseIdentity        this replica's name in the Lease; empty: the host name
 * @param shard                which ImageMirrors to reconcile, and the Lease's name
 */
public record OperatorSettings(Set<String> namespaces, InetSocketAddress metricsAddress, int maxConcurrentSyncs,
                               int maxTransfers, int maxTransfersPerRegistry, boolean leaderElection,
                               Optional<String> leaseNamespace, Optional<String> leaseIdentity, List<Path> caFiles,
                               ImageMirrorReconciler.Timing timing, Shard shard) {
    /** The Lease of an unsharded operator (no {@code --selector}, no {@code --lease-name}). */
    public static final String LEASE_NAME = "imagemirror-operator";

    public OperatorSettings {
        namespaces = Set.copyOf(namespaces);
        caFiles = List.copyOf(caFiles);
        positive("--max-concurrent-syncs", maxConcurrentSyncs);
        positive("--max-transfers", maxTransfers);
        positive("--max-transfers-per-registry", maxTransfersPerRegistry);
    }

    /** Unsharded: every ImageMirror, the Lease {@value #LEASE_NAME}. */
    public OperatorSettings(Set<String> namespaces, InetSocketAddress metricsAddress, int maxConcurrentSyncs,
                            int maxTransfers, int maxTransfersPerRegistry, boolean leaderElection,
                            Optional<String> leaseNamespace, Optional<String> leaseIdentity, List<Path> caFiles,
                            ImageMirrorReconciler.Timing timing) {
        this(namespaces, metricsAddress, maxConcurrentSyncs, maxTransfers, maxTransfersPerRegistry, leaderElection,
                leaseNamespace, leaseIdentity, caFiles, timing, Shard.ALL);
    }

    /** These settings for another shard. */
    public OperatorSettings withShard(Shard other) {
        return new OperatorSettings(namespaces, metricsAddress, maxConcurrentSyncs, maxTransfers,
                maxTransfersPerRegistry, leaderElection, leaseNamespace, leaseIdentity, caFiles, timing, other);
    }

    private static void positive(String flag, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be at least 1, was " + value);
        }
    }
}
