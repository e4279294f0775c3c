package io.hagicode.imagemirror.app.operator.webhook;

/**
 * A request the receiver refuses, with the HTTP status to answer and a message for the sender. The message names the
 * problem (a field, a limit) and never echoes a token, a signature or the body.
 */
public final class RejectedEventException extends RuntimeException {
    private final int status;

    public RejectedEventException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static RejectedEventException badRequest(String message) {
        return new RejectedEventException(400, message);
    }
}
