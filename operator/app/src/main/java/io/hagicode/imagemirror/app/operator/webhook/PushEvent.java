package io.hagicode.imagemirror.app.operator.webhook;

import java.time.Instant;
import java.util.Optional;

/**
 * A tag pushed, as one sender reported it.
 *
 * @param sender     the format it came in (see {@link EventFormat#sender()}), for status.lastEvent
 * @param registry   the registry host the sender names, when it names one (Docker Hub's events imply docker.io)
 * @param repository the repository path in that registry, e.g. {@code library/nginx}
 * @param pushedAt   the sender's timestamp of the push, when it gives one
 */
public record PushEvent(String sender, Optional<String> registry, String repository, String tag,
                        Optional<Instant> pushedAt) {
}
