package io.hagicode.imagemirror.oci;

import java.time.Duration;
import java.util.Optional;

/**
 * A {@link RegistryException} made from an HTTP error response. It carries the wait the registry asked for in
 * {@code Retry-After}, which whoever retries (the caller of a blob upload) honours.
 */
final class ResponseException extends RegistryException {
    private final transient Duration retryAfter;

    ResponseException(RegistryErrorKind kind, int httpStatus, String message, Duration retryAfter) {
        super(kind, httpStatus, message);
        this.retryAfter = retryAfter;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
