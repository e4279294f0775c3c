package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.hagicode.imagemirror.sync.SyncEngine;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator assembled: the JOSDK {@link Operator} with the {@link ImageMirrorReconciler}, the {@link SyncRunner}
 * and its collaborators. Tests build it with a mock API server's client and a fake engine; {@link OperatorCommand}
 * with the real ones.
 */
public final class MirrorOperator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorOperator.class);

    private final Operator operator;
    private final SyncRunner runner;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean leadershipLost;

    public MirrorOperator(KubernetesClient client, SyncEngine engine, OperatorMetrics metrics,
                          OperatorSettings settings, Clock clock) {
        MirrorEvents events = new MirrorEvents(client, clock);
        this.runner = new SyncRunner(engine, settings.maxConcurrentSyncs(), SyncLifecycle.all(events, metrics), clock);
        metrics.watchPool(runner::activeCount, runner::queuedCount);
        ImageMirrorReconciler reconciler = new ImageMirrorReconciler(runner, new SyncScheduler(), events, metrics,
                clock, settings.timing());
        this.operator = new Operator(o -> configure(o, client, metrics, settings));
        operator.register(reconciler, c -> {
            c.withOnUpdateFilter(new MirrorUpdateFilter());
            if (settings.namespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(settings.namespaces());
            }
        });
    }

    private void configure(ConfigurationServiceOverrider o, KubernetesClient client, OperatorMetrics metrics,
                           OperatorSettings settings) {
        o.withKubernetesClient(client)
                .withCloseClientOnStop(false)
                // Status is patched with a JSON patch of the status alone, not server-side apply: the operator is the
                // only writer of status, so SSA's field ownership buys nothing, and fabric8's mock API server (which the
                // tests run against) cannot do SSA at all.
                .withUseSSAToPatchPrimaryResource(false)
                .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics.registry()));
        if (settings.leaderElection()) {
            o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME,
                    settings.leaseNamespace().orElse(null),
                    LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                    LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                    LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                    settings.leaseIdentity().orElse(null),
                    new LeaderCallbacks(() -> LOG.info("leading: reconciling ImageMirrors"), this::stoppedLeading,
                            leader -> LOG.info("the leader is {}", leader)),
                    // JOSDK would otherwise call System.exit when leadership ends, which includes our own stop().
                    false));
        }
    }

    /**
     * Another replica may now be leading: stop syncing at once and end the process (through
     * {@link #awaitTermination}'s exit code) so Kubernetes restarts it as a candidate. Ignored during our own stop.
     */
    private void stoppedLeading() {
        if (stopping) {
            return;
        }
        LOG.error("lost the leader-election Lease; stopping");
        leadershipLost = true;
        Thread stopper = new Thread(this::close, "imagemirror-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    public void start() {
        operator.start();
    }

    /** For /healthz: false once leadership was lost (the process is on its way out). */
    public boolean isLive() {
        return !leadershipLost;
    }

    /** For /readyz: the controllers' informers have synced and are healthy. */
    public boolean isReady() {
        RuntimeInfo info = operator.getRuntimeInfo();
        return !stopping && info.isStarted() && info.allEventSourcesAreHealthy();
    }

    /** Blocks until {@link #close} ran; returns the process exit code (1 when leadership was lost). */
    public int awaitTermination() throws InterruptedException {
        terminated.await();
        return leadershipLost ? 1 : 0;
    }

    public SyncRunner runner() {
        return runner;
    }

    @Override
    public synchronized void close() {
        if (stopping && terminated.getCount() == 0) {
            return;
        }
        stopping = true;
        try {
            operator.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping the operator: {}", e.toString());
        } finally {
            runner.close();
            terminated.countDown();
        }
    }
}
