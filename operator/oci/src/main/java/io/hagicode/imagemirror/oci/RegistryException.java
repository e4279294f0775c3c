package io.hagicode.imagemirror.oci;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed registry operation. The message names the operation and the registry's own error text; it never holds a
 * credential or a token.
 */
public class RegistryException extends RuntimeException {
    private final RegistryErrorKind kind;
    private final int httpStatus;

    public RegistryException(RegistryErrorKind kind, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
    }

    public RegistryException(RegistryErrorKind kind, int httpStatus, String message) {
        this(kind, httpStatus, message, null);
    }

    public RegistryErrorKind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no response was had. */
    public int httpStatus() {
        return httpStatus;
    }

    /** See {@link RegistryErrorKind#isAuthFailure()}. */
    public boolean isAuthFailure() {
        return kind.isAuthFailure();
    }

    /** The wait the registry asked for in {@code Retry-After}, when it did. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    /** True for failures worth another try: 408, 429, 5xx and network faults. */
    public boolean isRetryable() {
        return kind == RegistryErrorKind.TOO_MANY_REQUESTS || kind == RegistryErrorKind.SERVER_ERROR
                || kind == RegistryErrorKind.NETWORK || httpStatus == 408;
    }
}
