package io.hagicode.imagemirror.oci;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.Response;

/**
 * Builds the exception for an error response: the kind from the OCI error code when the registry sent one, else from
 * the HTTP status; the message names the operation and quotes the registry's own words, never a header.
 */
final class RegistryErrors {
    private RegistryErrors() {
    }

    /**
     * @param what         the operation, e.g. "pulling manifest reg/repo:tag"
     * @param notFoundKind the kind a bare 404 means for this operation
     */
    static RegistryException fromResponse(Response response, String what, RegistryErrorKind notFoundKind) {
        int status = response.code();
        byte[] body = "HEAD".equals(response.request().method())
                ? new byte[0] : BoundedBody.readQuietly(response, BoundedBody.ERROR_LIMIT);
        List<OciErrors.OciError> errors = OciErrors.parse(body);
        RegistryErrorKind kind = kindFor(status, errors, notFoundKind);
        String message = what + " failed: registry answered HTTP " + status + describe(errors, body);
        return new ResponseException(kind, status, message,
                RetryAfter.parse(response.header("Retry-After"), Instant.now()).orElse(null));
    }

    static RegistryErrorKind kindFor(int status, List<OciErrors.OciError> errors, RegistryErrorKind notFoundKind) {
        // Statuses that decide retrying win over codes, so a 503 saying UNKNOWN is still retried.
        if (status == 429) {
            return RegistryErrorKind.TOO_MANY_REQUESTS;
        }
        if (status >= 500) {
            return RegistryErrorKind.SERVER_ERROR;
        }
        for (OciErrors.OciError error : errors) {
            RegistryErrorKind kind = OciErrors.kindOf(error.code());
            if (kind != null) {
                return kind;
            }
        }
        return switch (status) {
            case 401 -> RegistryErrorKind.UNAUTHORIZED;
            case 403 -> RegistryErrorKind.DENIED;
            case 404 -> notFoundKind;
            case 413 -> RegistryErrorKind.TOO_LARGE;
            default -> RegistryErrorKind.OTHER;
        };
    }

    private static String describe(List<OciErrors.OciError> errors, byte[] body) {
        if (!errors.isEmpty()) {
            return ": " + errors.stream().map(RegistryErrors::describe).collect(Collectors.joining("; "));
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        // A short plain-text body (e.g. "blob upload invalid") helps; an HTML error page does not.
        if (!text.isEmpty() && text.length() <= 200 && !text.startsWith("<") && text.chars().noneMatch(c -> c < 32)) {
            return ": " + text;
        }
        return "";
    }

    private static String describe(OciErrors.OciError error) {
        StringBuilder s = new StringBuilder(error.code().isEmpty() ? "UNKNOWN" : error.code());
        if (!error.message().isEmpty()) {
            s.append(' ').append(error.message());
        }
        if (!error.detail().isEmpty()) {
            s.append(" (").append(error.detail()).append(')');
        }
        return s.toString();
    }
}
