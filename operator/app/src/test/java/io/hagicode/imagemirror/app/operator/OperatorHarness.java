package io.hagicode.imagemirror.app.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.sync.SyncEngine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import io.hagicode.imagemirror.app.operator.webhook.WebhookSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A real JOSDK operator, in this JVM, against fabric8's mock API server in CRUD mode with the committed CRD applied.
 * The mixed dispatcher lets a test add canned answers for what CRUD mode cannot do (the SelfSubjectRulesReview that
 * leader election posts).
 */
final class OperatorHarness implements AutoCloseable {
    static final String CRD_FILE = "crds/imagemirrors.mirror.hagicode.io.yaml";
    static final Duration WAIT = Duration.ofSeconds(20);

    final KubernetesMockServer server;
    final KubernetesClient client;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    final MirrorOperator operator;

    private OperatorHarness(SyncEngine engine, UnaryOperator<OperatorSettings> settings,
                            Consumer<KubernetesMockServer> expectations, Optional<WebhookSettings> webhooks,
                            Optional<Clock> operatorClock) {
        server = mockApiServer(expectations);
        client = server.createClient();
        operator = new MirrorOperator(client, engine, new OperatorMetrics(registry),
                settings.apply(TestSettings.defaults()), webhooks, operatorClock.orElse(clock));
        operator.start();
    }

    private OperatorHarness(SyncEngine engine, UnaryOperator<OperatorSettings> settings,
                            Consumer<KubernetesMockServer> expectations) {
        this(engine, settings, expectations, Optional.empty(), Optional.empty());
    }

    /**
     * With the webhook receiver on a free loopback port. {@code operatorClock} replaces the hand-moved {@link #clock}
     * where event times from a real registry are compared with the operator's.
     */
    static OperatorHarness withWebhooks(SyncEngine engine, Duration coalesceWindow, Optional<Clock> operatorClock) {
        return new OperatorHarness(engine, s -> s, s -> { }, Optional.of(new WebhookSettings(
                new InetSocketAddress("127.0.0.1", 0), coalesceWindow, WebhookSettings.DEFAULT_BURST,
                WebhookSettings.DEFAULT_PER_SECOND)), operatorClock);
    }

    /** The receiver's base URL, e.g. http://127.0.0.1:41234. */
    String webhookUrl() {
        return "http://127.0.0.1:" + operator.webhookPort().orElseThrow();
    }

    static OperatorHarness start(SyncEngine engine) {
        return new OperatorHarness(engine, s -> s, s -> { });
    }

    static OperatorHarness start(SyncEngine engine, UnaryOperator<OperatorSettings> settings,
                                 Consumer<KubernetesMockServer> expectations) {
        return new OperatorHarness(engine, settings, expectations);
    }

    /** A mock API server on loopback, CRD applied, with the test's canned answers. */
    static KubernetesMockServer mockApiServer(Consumer<KubernetesMockServer> expectations) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        expectations.accept(server);
        try (KubernetesClient setup = server.createClient()) {
            setup.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
        }
        return server;
    }

    static CustomResourceDefinition crd() {
        try (InputStream in = Files.newInputStream(crdPath())) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The committed CRD, found from the working directory up (surefire runs in operator/app). */
    static Path crdPath() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(CRD_FILE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(CRD_FILE + " not found above " + Path.of("").toAbsolutePath());
    }

    ImageMirror create(ImageMirror mirror) {
        return client.resource(mirror).create();
    }

    ImageMirror get(String namespace, String name) {
        return client.resources(ImageMirror.class).inNamespace(namespace).withName(name).get();
    }

    /** Edits as kubectl does: on a conflict with the operator's own status patch, read again and retry. */
    ImageMirror edit(String namespace, String name, UnaryOperator<ImageMirror> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resources(ImageMirror.class).inNamespace(namespace).withName(name).edit(change);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Waits until the mirror's status satisfies {@code condition} and returns the mirror. */
    ImageMirror awaitStatus(String namespace, String name, Predicate<ImageMirrorStatus> condition) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> get(namespace, name),
                m -> m != null && m.getStatus() != null && condition.test(m.getStatus()));
    }

    ImageMirror awaitReady(String namespace, String name, String reason) {
        return awaitStatus(namespace, name, s -> reason.equals(ready(s).map(Condition::getReason).orElse(null))
                && !syncing(s));
    }

    static Optional<Condition> ready(ImageMirrorStatus status) {
        return condition(status, ConditionSet.READY);
    }

    static boolean syncing(ImageMirrorStatus status) {
        return condition(status, ConditionSet.SYNCING).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    static Optional<Condition> condition(ImageMirrorStatus status, String type) {
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    List<Event> events(String namespace) {
        return client.v1().events().inNamespace(namespace).list().getItems();
    }

    List<Event> events(String namespace, String reason) {
        return events(namespace).stream().filter(e -> reason.equals(e.getReason())).toList();
    }

    @Override
    public void close() {
        operator.close();
        client.close();
        server.destroy();
    }
}
