package io.hagicode.imagemirror.app.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Azure Container Registry webhooks: one event per request, {@code {id, timestamp, action, target: {repository, tag,
 * digest, ...}, request: {host, ...}}} (learn.microsoft.com, "Azure Container Registry webhook reference"). Only
 * {@code action: push} with a tag is a push of a tag; {@code chart_push}, {@code delete} and the rest are ignored.
 */
final class AcrFormat implements EventFormat {

    @Override
    public String sender() {
        return "acr";
    }

    @Override
    public boolean recognises(WebhookRequest request) {
        JsonNode json = request.json();
        return json.path("action").isTextual() && json.path("target").isObject() && json.path("request").isObject();
    }

    @Override
    public List<PushEvent> pushes(WebhookRequest request) {
        JsonNode json = request.json();
        JsonNode target = json.path("target");
        if (!"push".equals(json.path("action").asText()) || Json.optionalText(target, "tag").isEmpty()) {
            return List.of();
        }
        return List.of(new PushEvent(sender(), Json.optionalText(json.path("request"), "host"),
                Json.text(target, "repository", "target"), target.path("tag").asText(), Json.time(json, "timestamp")));
    }
}
