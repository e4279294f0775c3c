package io.hagicode.imagemirror.app.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each sender's sample payload (src/test/resources/webhooks, origins in its README) read into exactly the push it
 * reports: registry, repository, tag and the sender's time.
 */
class EventFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "distribution-push.json, distribution, registry.example.com:5000, team/app, 2026-03-09T14:44:26.402973972Z",
            "dockerhub-push.json, dockerhub, docker.io, hagicode/app, 2026-03-09T14:44:26Z",
            "acr-push.json, acr, myregistry.azurecr.io, hagicode/app, 2026-03-09T14:44:26.343145347Z",
            "harbor-push-artifact.json, harbor, harbor.example.com, library/app, 2026-03-09T14:44:26Z",
            "github-registry-package.json, github, ghcr.io, hagicode/app, 2026-03-09T14:44:26Z",
            "generic.json, generic, registry.example.com, team/app, 2026-03-09T14:44:26Z"})
    void eachSampleReadsAsOnePushOfItsTag(String sample, String sender, String registry, String repository,
                                         String time) throws IOException {
        WebhookRequest request = request(sample, sender.equals("github")
                ? Map.of("x-github-event", "registry_package") : Map.of());

        EventFormat format = EventFormats.recognise(request);

        assertThat(format.sender()).isEqualTo(sender);
        assertThat(format.pushes(request)).containsExactly(new PushEvent(sender, Optional.of(registry), repository,
                "1.4.0", Optional.of(Instant.parse(time))));
    }

    @Test
    void pullsDeletesAndUntaggedManifestsAreNoPushes() throws IOException {
        for (String sample : List.of("harbor-pull-artifact.json", "acr-delete.json")) {
            WebhookRequest request = request(sample, Map.of());
            assertThat(EventFormats.recognise(request).pushes(request)).as(sample).isEmpty();
        }
        WebhookRequest distribution = request("distribution-push.json", Map.of());
        assertThat(EventFormats.recognise(distribution).pushes(distribution)).as("the untagged child is skipped")
                .hasSize(1);
    }

    @Test
    void aMissingRequiredFieldIsA400NamingIt() throws IOException {
        WebhookRequest request = new WebhookRequest(Map.of(), new byte[0],
                JSON.readTree("{\"push_data\": {\"tag\": \"\"}, \"repository\": {\"repo_name\": \"team/app\"}}"));

        assertThatThrownBy(() -> EventFormats.recognise(request).pushes(request))
                .isInstanceOfSatisfying(RejectedEventException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("push_data.tag must be a non-empty string");
                });
    }

    private static WebhookRequest request(String sample, Map<String, String> headers) throws IOException {
        try (InputStream in = EventFormatsTest.class.getResourceAsStream("/webhooks/" + sample)) {
            byte[] body = in.readAllBytes();
            return new WebhookRequest(headers, body, JSON.readTree(new String(body, StandardCharsets.UTF_8)));
        }
    }
}
