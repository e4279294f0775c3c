package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hagicode.imagemirror.app.CaFiles;
import io.hagicode.imagemirror.app.ExitCodes;
import io.hagicode.imagemirror.app.job.RegistrySyncEngine;
import io.hagicode.imagemirror.app.operator.webhook.WebhookSettings;
import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.ProxySettings;
import io.hagicode.imagemirror.sync.TransferLimits;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imagemirror operator}: runs the controller until SIGTERM. The container image runs this by default. */
@Command(name = "operator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the Kubernetes operator: keeps every ImageMirror's targets in sync on its schedule.",
                "Uses the in-cluster service account, or the kubeconfig (KUBECONFIG, ~/.kube/config) outside a "
                        + "cluster."})
public final class OperatorCommand implements Callable<Integer> {
    static final String NAMESPACES_ENV = "IMAGEMIRROR_NAMESPACES";

    @Spec
    CommandSpec spec;

    @Option(names = "--namespaces", split = ",", paramLabel = "NS",
            description = "Namespaces to watch (comma list; env IMAGEMIRROR_NAMESPACES). Default: all namespaces.")
    List<String> namespaces = new ArrayList<>();

    @Option(names = "--metrics-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port of /metrics (Prometheus), /healthz and /readyz. Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--metrics-bind-address", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "Address the metrics port listens on. Default: ${DEFAULT-VALUE}.")
    String metricsBindAddress;

    @Option(names = "--max-concurrent-syncs", defaultValue = "4", paramLabel = "N",
            description = "Mirrors syncing at the same time; others queue. Default: ${DEFAULT-VALUE}.")
    int maxConcurrentSyncs;

    @Option(names = "--max-transfers", defaultValue = "32", paramLabel = "N",
            description = "Blob transfers in flight over all mirrors. Default: ${DEFAULT-VALUE}.")
    int maxTransfers;

    @Option(names = "--max-transfers-per-registry", defaultValue = "16", paramLabel = "N",
            description = "Blob transfers in flight per registry host, over all mirrors (halved on 429). "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxTransfersPerRegistry;

    @Option(names = "--leader-election", negatable = true, defaultValue = "true", fallbackValue = "true",
            arity = "0..1", paramLabel = "true|false",
            description = "Elect a leader through a Lease (see --lease-name) in $POD_NAMESPACE "
                    + "(or the kubeconfig's namespace), so several replicas can run. Default: ${DEFAULT-VALUE}.")
    boolean leaderElection;

    @Option(names = "--selector", paramLabel = "SELECTOR",
            description = {"Reconcile only the ImageMirrors whose labels match this label selector (kubectl -l "
                    + "syntax), e.g. mirror.hagicode.io/shard=a, so that several Deployments split the mirrors. "
                    + "Default: every ImageMirror."})
    String selector;

    @Option(names = "--lease-name", paramLabel = "NAME",
            description = "Name of the leader-election Lease. Default: " + OperatorSettings.LEASE_NAME
                    + ", or with --selector " + OperatorSettings.LEASE_NAME + "-<hash of the selector>, one per shard.")
    String leaseName;

    @Option(names = "--webhooks", negatable = true, defaultValue = "true", fallbackValue = "true", arity = "0..1",
            paramLabel = "true|false",
            description = "Receive registry webhooks (POST /hook/...; see spec.webhook). Default: ${DEFAULT-VALUE}.")
    boolean webhooks;

    @Option(names = "--webhook-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Port of the webhook receiver; 0: any free port. Default: ${DEFAULT-VALUE}.")
    int webhookPort;

    @Option(names = "--webhook-bind-address", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "Address the webhook port listens on. Default: ${DEFAULT-VALUE}.")
    String webhookBindAddress;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "Extra CA certificate(s) to trust for registries; may be repeated.")
    List<Path> caFiles = new ArrayList<>();

    private final Map<String, String> env;
    private volatile MirrorOperator running;

    public OperatorCommand() {
        this(System.getenv());
    }

    OperatorCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>(CaFiles.check(caFiles));
        if (metricsPort < 0 || metricsPort > 65535) {
            problems.add("--metrics-port " + metricsPort + ": not a port number");
        }
        if (webhookPort < 0 || webhookPort > 65535) {
            problems.add("--webhook-port " + webhookPort + ": not a port number");
        }
        ProxySettings proxies = ProxySettings.NONE;
        try {
            proxies = ProxySettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        OperatorSettings settings = null;
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            if (problems.isEmpty()) {
                try {
                    settings = settings(client);
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                problems.forEach(p -> err.println("imagemirror operator: " + p));
                return ExitCodes.INVALID_INPUT;
            }
            return run(client, settings, proxies, err);
        }
    }

    private int run(KubernetesClient client, OperatorSettings settings, ProxySettings proxies, PrintWriter err)
            throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        OperatorMetrics metrics = new OperatorMetrics(registry);
        TransferLimits limits = TransferLimits.builder().globalCap(settings.maxTransfers())
                .registryCap(settings.maxTransfersPerRegistry()).build();
        RegistrySyncEngine engine = new RegistrySyncEngine(
                ClientOptions.defaults().withExtraCaFiles(settings.caFiles()).withProxies(proxies), limits, metrics.requestObserver());
        Optional<WebhookSettings> receiver = webhooks
                ? Optional.of(WebhookSettings.on(new InetSocketAddress(webhookBindAddress, webhookPort)))
                : Optional.empty();
        MirrorOperator operator = new MirrorOperator(client, engine, metrics, settings, receiver, Clock.systemUTC());
        running = operator;
        Thread hook = new Thread(operator::close, "imagemirror-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (HealthEndpoints http = HealthEndpoints.start(settings.metricsAddress(), registry,
                operator::isLive, operator::isReady)) {
            operator.start();
            err.println("imagemirror operator: watching " + (settings.namespaces().isEmpty() ? "all namespaces"
                    : "namespaces " + String.join(",", settings.namespaces())) + " for "
                    + settings.shard().describe() + (settings.leaderElection()
                    ? "; leader election through the Lease " + settings.shard().leaseName() : "") + "; metrics on "
                    + settings.metricsAddress().getHostString() + ":" + http.port()
                    + operator.webhookPort().map(p -> "; webhooks on " + webhookBindAddress + ":" + p).orElse(""));
            err.flush();
            return operator.awaitTermination();
        } catch (IOException e) {
            err.println("imagemirror operator: cannot serve metrics on " + settings.metricsAddress() + ": " + e);
            return ExitCodes.SYNC_FAILED;
        } catch (RuntimeException e) {
            err.println("imagemirror operator: cannot start: " + e.getMessage());
            err.println("Is the CRD installed (kubectl apply -f crds/) and may the service account list "
                    + "imagemirrors and secrets?");
            return ExitCodes.SYNC_FAILED;
        } finally {
            operator.close();
            removeHook(hook);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // SIGTERM brought us here: the hook is running and will finish the stop.
        }
    }

    /** What SIGTERM does, for tests that run the command in-process. */
    void stop() {
        MirrorOperator operator = running;
        if (operator != null) {
            operator.close();
        }
    }

    OperatorSettings settings(KubernetesClient client) {
        Set<String> watched = new LinkedHashSet<>();
        List<String> requested = namespaces.isEmpty() && env.get(NAMESPACES_ENV) != null
                ? List.of(env.get(NAMESPACES_ENV).split(",")) : namespaces;
        for (String ns : requested) {
            if (!ns.isBlank()) {
                watched.add(ns.trim());
            }
        }
        Optional<String> leaseNamespace = Optional.empty();
        if (leaderElection) {
            leaseNamespace = Optional.ofNullable(env.get("POD_NAMESPACE")).filter(s -> !s.isBlank())
                    .or(() -> Optional.ofNullable(client.getNamespace()));
            if (leaseNamespace.isEmpty()) {
                throw new IllegalArgumentException("--leader-election needs a namespace for its Lease: set "
                        + "POD_NAMESPACE (the Deployment does, from the downward API) or pass --leader-election=false");
            }
        }
        Optional<String> identity = Optional.ofNullable(env.get("POD_NAME"))
                .or(() -> Optional.ofNullable(env.get("HOSTNAME")));
        Shard shard = Shard.of(Optional.ofNullable(selector).map(MirrorSelector::parse),
                Optional.ofNullable(leaseName));
        return new OperatorSettings(watched, new InetSocketAddress(metricsBindAddress, metricsPort),
                maxConcurrentSyncs, maxTransfers, maxTransfersPerRegistry, leaderElection, leaseNamespace, identity,
                caFiles, ImageMirrorReconciler.Timing.defaults(), shard);
    }
}
