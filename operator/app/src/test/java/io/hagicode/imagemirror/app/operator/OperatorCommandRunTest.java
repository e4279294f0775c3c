package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.RepositorySpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code imagemirror operator} as the container runs it, in-process: the fabric8 client configures itself (here from
 * system properties pointing at the mock API server), the real engine and metrics are wired, /readyz answers, a
 * mirror is reconciled, and a stop ends the command with exit code 0.
 */
class OperatorCommandRunTest {
    private final Properties saved = (Properties) System.getProperties().clone();
    private KubernetesMockServer server;

    @BeforeEach
    void pointTheClientAtTheMock() {
        server = OperatorHarness.mockApiServer(s -> { });
        System.setProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, server.url("/"));
        System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
        System.setProperty(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false");
        System.setProperty(Config.KUBERNETES_NAMESPACE_SYSTEM_PROPERTY, "default");
    }

    @AfterEach
    void restore() {
        System.setProperties(saved);
        server.destroy();
    }

    @Test
    void runsUntilStoppedAndReconcilesWithTheRealEngine() throws Exception {
        OperatorCommand command = new OperatorCommand(Map.of("IMAGEMIRROR_NAMESPACES", ""));
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--leader-election=false",
                "--metrics-port", "0", "--metrics-bind-address", "127.0.0.1", "--max-concurrent-syncs", "2",
                "--webhook-port", "0", "--webhook-bind-address", "127.0.0.1"));

        Matcher port = await().atMost(OperatorHarness.WAIT).until(
                () -> Pattern.compile("metrics on 127\\.0\\.0\\.1:(\\d+)").matcher(err.toString()), Matcher::find);
        String base = "http://127.0.0.1:" + port.group(1);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(OperatorHarness.WAIT).until(() -> get(http, base + "/readyz").statusCode() == 200);

        try (KubernetesClient client = server.createClient()) {
            ImageMirror unreachable = mirror("default", "app", new RepositorySpec("127.0.0.1:1/team/app", null, true),
                    new RepositorySpec("127.0.0.1:1/mirror/app", null, true));
            unreachable.getSpec().setRetries(0);
            client.resource(unreachable).create();

            Condition ready = await().atMost(OperatorHarness.WAIT).until(
                    () -> client.resources(ImageMirror.class).inNamespace("default").withName("app").get(),
                    m -> m.getStatus() != null && OperatorHarness.ready(m.getStatus())
                            .filter(c -> "SyncFailed".equals(c.getReason())).isPresent())
                    .getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                    .orElseThrow();
            assertThat(ready.getMessage()).startsWith("cannot read the source 127.0.0.1:1/team/app: ");
        }
        Matcher hooks = Pattern.compile("webhooks on 127\\.0\\.0\\.1:(\\d+)").matcher(err.toString());
        assertThat(hooks.find()).as("the receiver's address in %s", err).isTrue();
        HttpResponse<String> unknownPath = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + hooks.group(1) + "/hook/" + "0".repeat(64))).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(get(http, base + "/metrics").body()).contains("imagemirror_registry_requests_total{method=\"GET\","
                + "registry=\"127.0.0.1:1\",status=\"0\"}");

        command.stop();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(err.toString()).contains("imagemirror operator: watching all namespaces");
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
