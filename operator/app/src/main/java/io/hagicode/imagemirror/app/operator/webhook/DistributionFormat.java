package io.hagicode.imagemirror.app.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CNCF Distribution's notifications ({@code notifications.endpoints} in the registry's config.yml): an envelope
 * {@code {"events": [...]}} of type {@code application/vnd.docker.distribution.events.v1+json}. A push of a tagged
 * manifest is {@code action: push} with {@code target.tag}; the blobs and the untagged children of an index arrive as
 * events of their own without a tag, and are no push of a tag.
 */
final class DistributionFormat implements EventFormat {
    static final String MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

    @Override
    public String sender() {
        return "distribution";
    }

    @Override
    public boolean recognises(WebhookRequest request) {
        boolean typed = request.header("Content-Type").map(t -> t.toLowerCase(Locale.ROOT).startsWith(MEDIA_TYPE))
                .orElse(false);
        return typed || request.json().path("events").isArray();
    }

    @Override
    public List<PushEvent> pushes(WebhookRequest request) {
        JsonNode events = request.json().path("events");
        if (!events.isArray()) {
            throw RejectedEventException.badRequest("a Distribution notification needs an 'events' array");
        }
        List<PushEvent> out = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode target = event.path("target");
            if (!"push".equals(event.path("action").asText()) || Json.optionalText(target, "tag").isEmpty()) {
                continue;
            }
            out.add(new PushEvent(sender(), Json.optionalText(event.path("request"), "host"),
                    Json.text(target, "repository", "events[].target"), target.path("tag").asText(),
                    Json.time(event, "timestamp")));
        }
        return out;
    }
}
