package io.hagicode.imagemirror.app.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.hagicode.imagemirror.oci.Repository;
import java.util.List;
import java.util.Optional;

/**
 * Docker Hub webhooks (docs.docker.com, "Webhooks"): {@code {push_data: {pushed_at, pusher, tag}, repository:
 * {repo_name, ...}, callback_url}}. Docker Hub sends only pushes, and names the repository without a host;
 * {@code repo_name} of an official image may lack {@code library/}, which {@link Repository} adds.
 */
final class DockerHubFormat implements EventFormat {

    @Override
    public String sender() {
        return "dockerhub";
    }

    @Override
    public boolean recognises(WebhookRequest request) {
        JsonNode json = request.json();
        return json.path("push_data").isObject() && json.path("repository").path("repo_name").isTextual();
    }

    @Override
    public List<PushEvent> pushes(WebhookRequest request) {
        JsonNode json = request.json();
        JsonNode push = json.path("push_data");
        return List.of(new PushEvent(sender(), Optional.of(Repository.DOCKER_HUB),
                Json.text(json.path("repository"), "repo_name", "repository"), Json.text(push, "tag", "push_data"),
                Json.epochSeconds(push, "pushed_at")));
    }
}
