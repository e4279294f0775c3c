package io.hagicode.imagemirror.app.operator.webhook;

import java.util.List;

/**
 * One sender's webhook format. {@link #recognises} looks at the request's shape and headers only;
 * {@link #pushes} reads the tags pushed, returning none for events that are no push (a pull, a delete, a ping).
 */
public interface EventFormat {

    /** A short name for the format: shown in status.lastEvent and the metrics. */
    String sender();

    boolean recognises(WebhookRequest request);

    /**
     * Checks the request's signature against {@code token} when the format carries one. Formats without signatures
     * rely on the secret path alone.
     *
     * @throws RejectedEventException 401 when a signature is required or present and does not verify
     */
    default void verify(WebhookRequest request, byte[] token) {
    }

    /** @throws RejectedEventException 400 when a field the format requires is missing or malformed */
    List<PushEvent> pushes(WebhookRequest request);
}
