package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.hagicode.imagemirror.sync.SyncEngine;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.hagicode.imagemirror.app.operator.webhook.Hooks;
import io.hagicode.imagemirror.app.operator.webhook.PendingPushes;
import io.hagicode.imagemirror.app.operator.webhook.WebhookObserver;
import io.hagicode.imagemirror.app.operator.webhook.WebhookReceiver;
import io.hagicode.imagemirror.app.operator.webhook.WebhookSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator assembled: the JOSDK {@link Operator} with the {@link ImageMirrorReconciler}, the {@link SyncPool}
 * and their collaborators. Tests build it with a mock API server's client and a fake engine; {@link OperatorCommand}
 * with the real ones.
 * <p>
 * Stopping ({@link #close}) ends reconciling, then the syncs, then hands the leader-election Lease back, in that order:
 * the next leader starts only when this replica has nothing left running, and it starts at once rather than when the
 * Lease would have expired.
 */
public final class MirrorOperator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorOperator.class);

    private final KubernetesClient client;
    private final Operator operator;
    private final SyncPool pool;
    private final Optional<LeaderLease> lease;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean leadershipLost;

    private final Optional<WebhookSettings> webhooks;
    private final Hooks hooks = new Hooks();
    private final PendingPushes pushes = new PendingPushes();
    private final Clock clock;
    private volatile WebhookReceiver receiver;
    private final WebhookObserver webhookObserver;
    /** Only the leader reconciles, so only it knows the webhook paths; without leader election, always. */
    private volatile boolean leading;

    public MirrorOperator(KubernetesClient client, SyncEngine engine, OperatorMetrics metrics,
                          OperatorSettings settings, Clock clock) {
        this(client, engine, metrics, settings, Optional.empty(), clock);
    }

    /** @param webhooks where to receive registry webhooks; empty: no receiver */
    public MirrorOperator(KubernetesClient client, SyncEngine engine, OperatorMetrics metrics,
                          OperatorSettings settings, Optional<WebhookSettings> webhooks, Clock clock) {
        this.client = client;
        this.webhookObserver = metrics.webhookObserver();
        this.webhooks = webhooks;
        this.clock = clock;
        this.lease = settings.leaderElection() ? Optional.of(LeaderLease.of(settings, client)) : Optional.empty();
        this.leading = lease.isEmpty();
        MirrorEvents events = new MirrorEvents(client, clock);
        this.pool = new SyncPool(engine, settings.maxConcurrentSyncs(), events, clock);
        metrics.watchPool(pool::activeCount, pool::queuedCount);
        ImageMirrorReconciler.Timing timing = webhooks.map(w -> settings.timing().withCoalesceWindow(w.coalesceWindow()))
                .orElse(settings.timing());
        ImageMirrorReconciler reconciler = new ImageMirrorReconciler(pool, new SyncScheduler(),
                new StatusRecorder(events, metrics), clock, timing, hooks, pushes);
        this.operator = new Operator(o -> configure(o, client, metrics));
        operator.register(reconciler, c -> {
            c.withOnUpdateFilter(new MirrorUpdateFilter());
            // The primary informer lists and watches only this shard's mirrors. The Secret informer needs no selector:
            // its events reach mirrors through the primary cache (SecretReferences), so only this shard's.
            settings.shard().selector().ifPresent(s -> c.withLabelSelector(s.expression()));
            if (settings.namespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(settings.namespaces());
            }
        });
    }

    private void configure(ConfigurationServiceOverrider o, KubernetesClient client, OperatorMetrics metrics) {
        o.withKubernetesClient(client)
                .withCloseClientOnStop(false)
                // Status is patched with a JSON patch of the status alone, not server-side apply: the operator is the
                // only writer of status, so SSA's field ownership buys nothing, and fabric8's mock API server (which the
                // tests run against) cannot do SSA at all.
                .withUseSSAToPatchPrimaryResource(false)
                .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics.registry()));
        lease.ifPresent(l -> o.withLeaderElectionConfiguration(l.configuration(new LeaderCallbacks(
                () -> {
                    leading = true;
                    LOG.info("leading ({}): reconciling ImageMirrors", l);
                }, this::stoppedLeading,
                MirrorOperator::newLeader))));
    }

    private static void newLeader(String identity) {
        if (identity == null || identity.isEmpty()) {
            LOG.info("the Lease is free: its holder released it");
        } else {
            LOG.info("the leader is {}", identity);
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
        leading = false;
        LOG.error("lost the leader-election Lease; stopping");
        leadershipLost = true;
        Thread stopper = new Thread(this::close, "imagemirror-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /**
     * Starts reconciling, then the webhook receiver (if any): until the mirrors are reconciled it knows no path and
     * would answer 404 anyway.
     */
    public void start() {
        operator.start();
        if (webhooks.isPresent()) {
            try {
                receiver = WebhookReceiver.start(webhooks.get(), hooks, () -> leading, pushes, webhookObserver, clock);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot receive webhooks on " + webhooks.get().address(), e);
            }
        }
    }

    /** The port the webhook receiver listens on, once started. */
    public Optional<Integer> webhookPort() {
        return Optional.ofNullable(receiver).map(WebhookReceiver::port);
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

    public SyncPool pool() {
        return pool;
    }

    @Override
    public synchronized void close() {
        if (stopping && terminated.getCount() == 0) {
            return;
        }
        stopping = true;
        WebhookReceiver r = receiver;
        if (r != null) {
            r.close();
        }
        boolean electorStopped = false;
        try {
            operator.stop();
            electorStopped = true;
        } catch (RuntimeException e) {
            LOG.warn("stopping the operator: {}", e.toString());
        } finally {
            try {
                pool.close();
                if (electorStopped) {
                    lease.ifPresent(this::handBack);
                }
            } finally {
                terminated.countDown();
            }
        }
    }

    /** Best effort: if it fails, the standby takes over when the Lease expires, as it would without it. */
    private void handBack(LeaderLease l) {
        try {
            if (l.release(client)) {
                LOG.info("released the {} so that a standby leads at once", l);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                LOG.info("did not release the {}: another replica took it meanwhile", l);
            } else {
                LOG.warn("could not release the {}; a standby leads once it expires: {}", l, e.getMessage());
            }
        }
    }
}
