package io.hagicode.imagemirror.app.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.hagicode.imagemirror.oci.Repository;
import java.util.List;
import java.util.Optional;

/**
 * For CI jobs and registries without a format of their own: {@code {"repository": "registry.example.com/team/app",
 * "tag": "1.2.3", "timestamp": "2026-01-01T00:00:00Z"}} ({@code timestamp} optional). When the request carries
 * {@code X-Signature: sha256=<hex>} (HMAC-SHA256 of the body with the token) it must verify.
 */
final class GenericFormat implements EventFormat {
    static final String SIGNATURE_HEADER = "X-Signature";

    @Override
    public String sender() {
        return "generic";
    }

    @Override
    public boolean recognises(WebhookRequest request) {
        JsonNode json = request.json();
        return json.path("repository").isTextual() && json.path("tag").isTextual();
    }

    @Override
    public void verify(WebhookRequest request, byte[] token) {
        if (request.header(SIGNATURE_HEADER).isPresent()) {
            HmacSignature.verify(request.header(SIGNATURE_HEADER), SIGNATURE_HEADER, request.body(), token);
        }
    }

    @Override
    public List<PushEvent> pushes(WebhookRequest request) {
        JsonNode json = request.json();
        Repository repository;
        try {
            repository = Repository.parse(Json.text(json, "repository", "body"));
        } catch (IllegalArgumentException e) {
            throw RejectedEventException.badRequest("body.repository: " + e.getMessage());
        }
        return List.of(new PushEvent(sender(), Optional.of(repository.registry()), repository.path(),
                Json.text(json, "tag", "body"), Json.time(json, "timestamp")));
    }
}
