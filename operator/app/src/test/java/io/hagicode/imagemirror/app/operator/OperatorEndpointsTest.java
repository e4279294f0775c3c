package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static io.hagicode.imagemirror.app.operator.Mirrors.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hagicode.imagemirror.api.ImageMirror;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** /metrics, /healthz and /readyz as Prometheus and the kubelet see them, after one sync. */
class OperatorEndpointsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesPrometheusMetricsAndProbes() throws Exception {
        FakeSyncEngine engine = new FakeSyncEngine();
        try (OperatorHarness h = OperatorHarness.start(engine);
             HealthEndpoints endpoints = HealthEndpoints.start(new InetSocketAddress("127.0.0.1", 0), h.registry,
                     h.operator::isLive, h.operator::isReady)) {
            h.create(mirror("team", "app", repo("docker.io/newbe36524/hagicode"), repo("registry.example.com/m/app")));
            h.awaitReady("team", "app", "Synced");
            String base = "http://127.0.0.1:" + endpoints.port();

            await().atMost(OperatorHarness.WAIT).until(() -> get(base + "/readyz").statusCode() == 200);
            assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(base + "/metrics");

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(metrics.body())
                    .contains("imagemirror_sync_duration_seconds_count{name=\"app\",namespace=\"team\",result=\"Synced\"} 1")
                    .contains("imagemirror_copied_bytes_total{registry=\"registry.example.com\"} 3072.0")
                    .contains("imagemirror_tags_out_of_sync{name=\"app\",namespace=\"team\"} 0.0")
                    .contains("imagemirror_last_success_timestamp_seconds{name=\"app\",namespace=\"team\"} 1.7408232E9")
                    .contains("imagemirror_ready{name=\"app\",namespace=\"team\"} 1.0")
                    .contains("imagemirror_suspended{name=\"app\",namespace=\"team\"} 0.0")
                    .contains("imagemirror_schedule_period_seconds{name=\"app\",namespace=\"team\"} 86400.0")
                    .contains("imagemirror_syncs_active 0.0")
                    .contains("operator_sdk_reconciliations_executions");

            h.client.resources(ImageMirror.class).inNamespace("team").withName("app").delete();
            await().atMost(OperatorHarness.WAIT).until(() -> !get(base + "/metrics").body()
                    .contains("imagemirror_tags_out_of_sync{name=\"app\""));

            h.operator.close();
            assertThat(get(base + "/readyz").statusCode()).isEqualTo(503);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
