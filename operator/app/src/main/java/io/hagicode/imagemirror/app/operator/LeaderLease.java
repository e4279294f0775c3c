package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * This replica's part in leader election: which Lease it competes for and under which name, the JOSDK configuration
 * for that, and handing the Lease back when the operator stops.
 * <p>
 * The hand-back exists because JOSDK 5.2.3's {@code LeaderElectionManager} builds fabric8's elector with
 * {@code releaseOnCancel=false} and offers no switch: a stopped leader keeps its Lease until it expires, so after a
 * SIGTERM (a rolling update, a drained node) no replica reconciles for up to {@link #LEASE_DURATION}. Released, the
 * Lease is free at once and a standby takes it at its next retry ({@link #RETRY_PERIOD}, with fabric8's jitter up to
 * 2.2 times that).
 */
final class LeaderLease {
    static final Duration LEASE_DURATION = LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE;
    static final Duration RENEW_DEADLINE = LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE;
    static final Duration RETRY_PERIOD = LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE;

    private final String namespace;
    private final String name;
    private final String identity;

    LeaderLease(String namespace, String name, String identity) {
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
    }

    /**
     * The Lease of {@code settings}, in the client's namespace unless the settings name one. Both are resolved here,
     * not left to JOSDK, because {@link #release} must name the same Lease and identity that JOSDK competes with.
     */
    static LeaderLease of(OperatorSettings settings, KubernetesClient client) {
        String namespace = settings.leaseNamespace().orElseGet(client::getNamespace);
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("leader election needs a namespace for the Lease "
                    + settings.shard().leaseName() + ": set POD_NAMESPACE or a namespace in the kubeconfig");
        }
        // Two replicas must never share a name; without a pod or host name, a random one is unique enough.
        String identity = settings.leaseIdentity().filter(s -> !s.isBlank())
                .orElseGet(() -> "imagemirror-" + UUID.randomUUID());
        return new LeaderLease(namespace, settings.shard().leaseName(), identity);
    }

    String namespace() {
        return namespace;
    }

    String name() {
        return name;
    }

    String identity() {
        return identity;
    }

    /**
     * What JOSDK elects with. {@code exitOnStopLeading} is false: JOSDK would otherwise call {@code System.exit} when
     * leadership ends, which includes the operator's own stop; {@link MirrorOperator} decides how to end instead.
     */
    LeaderElectionConfiguration configuration(LeaderCallbacks callbacks) {
        return new LeaderElectionConfiguration(name, namespace, LEASE_DURATION, RENEW_DEADLINE,
                RETRY_PERIOD, identity, callbacks, false);
    }

    /**
     * Hands the Lease back if this replica still holds it: no holder, a one-second duration, so any candidate may take
     * it at its next try (the Go client and fabric8's own {@code releaseOnCancel} do the same). Call it only after the
     * elector stopped, or it would take the free Lease straight back. The update carries the resourceVersion just
     * read, so if another replica took the Lease in between, the API server answers 409 and nothing is overwritten.
     *
     * @return true if the Lease was released, false if another replica holds it (or there is none)
     */
    boolean release(KubernetesClient client) {
        LeaseLock lock = new LeaseLock(namespace, name, identity);
        LeaderElectionRecord current = lock.get(client);
        if (current == null || !identity.equals(current.getHolderIdentity())) {
            return false;
        }
        // Wall-clock time, as fabric8 writes it: other replicas compare Lease times with their own clocks.
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        lock.update(client, new LeaderElectionRecord("", Duration.ofSeconds(1), now, now,
                current.getLeaderTransitions()));
        return true;
    }

    @Override
    public String toString() {
        return "Lease " + namespace + "/" + name + " as " + identity;
    }
}
