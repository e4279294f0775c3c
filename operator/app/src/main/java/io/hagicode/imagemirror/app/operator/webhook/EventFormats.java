package io.hagicode.imagemirror.app.operator.webhook;

import java.util.List;

/**
 * The formats the receiver understands, in the order they are tried: headers first (GitHub), then the shapes that are
 * most specific. Each recognises a shape no other does.
 */
final class EventFormats {
    static final List<EventFormat> ALL = List.of(new GitHubPackageFormat(), new DistributionFormat(),
            new HarborFormat(), new DockerHubFormat(), new AcrFormat(), new GenericFormat());

    private EventFormats() {
    }

    static EventFormat recognise(WebhookRequest request) {
        return ALL.stream().filter(f -> f.recognises(request)).findFirst()
                .orElseThrow(() -> RejectedEventException.badRequest("unknown event format: expected a Distribution "
                        + "notification, a Docker Hub, ACR, Harbor or GitHub registry_package webhook, or "
                        + "{\"repository\", \"tag\"}"));
    }
}
