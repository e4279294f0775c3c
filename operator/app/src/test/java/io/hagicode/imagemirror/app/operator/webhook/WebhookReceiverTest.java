package io.hagicode.imagemirror.app.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Repository;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The receiver on its own, with a recording sink: what reaches the sink, and what a standby answers. */
class WebhookReceiverTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "s3cr3t-t0ken-0123";

    @Test
    void thePathIsFluxsDerivationFromTokenNameAndNamespace() {
        // printf '%s' "s3cr3t-t0ken-0123hagicodemirrors" | sha256sum
        assertThat(HookPath.of(TOKEN, "mirrors", "hagicode"))
                .isEqualTo("/hook/" + "39ea5252d9f5a06517f6fa8f499176b3252b718d32c5dfc2dcb234b0d0c75acb");
    }

    @Test
    void aStandbyAnswers503AndTheLeaderHandsThePushToTheSink() throws Exception {
        Hooks hooks = new Hooks();
        String path = HookPath.of(TOKEN, "mirrors", "hagicode");
        hooks.register(new Hook(new ResourceID("hagicode", "mirrors"), path, TOKEN.getBytes(StandardCharsets.UTF_8),
                Repository.parse("registry.example.com/team/app"), tag -> true));
        AtomicBoolean leading = new AtomicBoolean(false);
        List<PushEvent> received = new CopyOnWriteArrayList<>();
        try (WebhookReceiver receiver = WebhookReceiver.start(new WebhookSettings(new InetSocketAddress("127.0.0.1", 0),
                Duration.ZERO, 5, 1), hooks, leading::get, (hook, pushes, at) -> received.addAll(pushes),
                Clock.systemUTC())) {
            String body = "{\"repository\": \"registry.example.com/team/app\", \"tag\": \"1.2.3\"}";

            HttpResponse<String> standby = post(receiver, path, body);
            leading.set(true);
            HttpResponse<String> leader = post(receiver, path, body);
            HttpResponse<String> unknown = post(receiver, "/hook/" + "0".repeat(64), body);

            assertThat(standby.statusCode()).isEqualTo(503);
            assertThat(standby.headers().firstValue("Retry-After")).contains("1");
            assertThat(leader.statusCode()).isEqualTo(202);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(received).singleElement().satisfies(p -> {
                assertThat(p.tag()).isEqualTo("1.2.3");
                assertThat(p.sender()).isEqualTo("generic");
            });
        }
    }

    private static HttpResponse<String> post(WebhookReceiver receiver, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
