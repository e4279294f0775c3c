package io.hagicode.imagemirror.app.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Harbor webhooks in the Default payload format (goharbor.io, "Configure Webhook Notifications"): {@code {type,
 * occur_at, operator, event_data: {resources: [{digest, tag, resource_url}], repository: {repo_full_name, ...}}}}.
 * Only {@code PUSH_ARTIFACT} is a push. The registry host is read from {@code resource_url}
 * ({@code harbor.example.com/library/app:1.0}).
 */
final class HarborFormat implements EventFormat {

    @Override
    public String sender() {
        return "harbor";
    }

    @Override
    public boolean recognises(WebhookRequest request) {
        JsonNode json = request.json();
        return json.path("type").isTextual() && json.path("event_data").isObject();
    }

    @Override
    public List<PushEvent> pushes(WebhookRequest request) {
        JsonNode json = request.json();
        if (!"PUSH_ARTIFACT".equals(json.path("type").asText())) {
            return List.of();
        }
        JsonNode data = json.path("event_data");
        String repository = Json.text(data.path("repository"), "repo_full_name", "event_data.repository");
        List<PushEvent> out = new ArrayList<>();
        for (JsonNode resource : data.path("resources")) {
            Optional<String> tag = Json.optionalText(resource, "tag");
            if (tag.isEmpty()) {
                continue;
            }
            Optional<String> host = Json.optionalText(resource, "resource_url")
                    .filter(url -> url.indexOf('/') > 0).map(url -> url.substring(0, url.indexOf('/')));
            out.add(new PushEvent(sender(), host, repository, tag.get(), Json.epochSeconds(json, "occur_at")));
        }
        return out;
    }
}
