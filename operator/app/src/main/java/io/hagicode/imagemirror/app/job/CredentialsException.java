package io.hagicode.imagemirror.app.job;

/** Credentials that are missing or malformed. The message names the Secret or file, never its content. */
public class CredentialsException extends Exception {
    /** Why, mapped by the operator to the condition reasons CredentialsNotFound and InvalidCredentials. */
    public enum Reason { NOT_FOUND, INVALID }

    private final Reason reason;

    public CredentialsException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
