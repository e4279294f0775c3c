package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why something failed, as it goes into a {@link TagOutcome}: one line that names the digest or repository at fault,
 * and a {@link RegistryErrorKind}.
 */
record Failure(String message, RegistryErrorKind kind) {
    /** The longest reason the engine records; the operator shortens it again for a condition message. */
    static final int MAX_LENGTH = 500;

    Failure {
        message = OneLine.of(message, MAX_LENGTH);
    }

    /** {@code context} says what was being done to what, e.g. "uploading blob sha256:.. to host/repo". */
    static Failure of(String context, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof FailureException fe) {
            return fe.failure();
        }
        RegistryErrorKind kind = kindOf(cause);
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new Failure(context + ": " + kind + ": " + detail, kind);
    }

    /** The same failure with a note appended, e.g. the number of attempts. */
    Failure with(String note) {
        return new Failure(message + " " + note, kind);
    }

    FailureException exception() {
        return new FailureException(this);
    }

    static RegistryErrorKind kindOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RegistryException re) {
                return re.kind();
            }
            if (t instanceof FailureException fe) {
                return fe.failure().kind();
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return RegistryErrorKind.NETWORK;
            }
        }
        return RegistryErrorKind.OTHER;
    }

    /**
     * Worth another attempt by the engine: what the client calls retryable, a digest mismatch (a re-read may get good
     * bytes) and plain I/O faults. Never auth failures or a missing repository: repeating them only delays the report.
     */
    static boolean isRetryable(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof InterruptedIOException && !(cause instanceof java.net.SocketTimeoutException)) {
            return false;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof RegistryException re) {
                return re.isRetryable() || re.kind() == RegistryErrorKind.DIGEST_MISMATCH;
            }
            if (t instanceof FailureException) {
                return false;
            }
        }
        return kindOf(cause) == RegistryErrorKind.NETWORK;
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Carries a {@link Failure} through futures. */
    static final class FailureException extends RuntimeException {
        private final transient Failure failure;

        FailureException(Failure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }

        Failure failure() {
            return failure;
        }
    }
}
