package io.hagicode.imagemirror.oci;

import java.util.Set;
import okhttp3.Request;

/**
 * Whether the transport's {@link RetryInterceptor} may repeat a request, carried as an OkHttp request tag (the
 * counterpart of go-containerregistry's {@code retry.Never(ctx)}). Without a tag, the idempotent methods may be
 * repeated and the others not. The requests of a blob upload are all tagged {@link #NEVER}: the upload is retried as
 * a whole by its caller, and a retry in here as well would multiply the tries of a fault that never heals.
 */
enum TransportRetry {
    ALLOWED,
    NEVER;

    /** RFC 9110 section 9.2.2. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    static TransportRetry of(Request request) {
        TransportRetry tag = request.tag(TransportRetry.class);
        if (tag != null) {
            return tag;
        }
        return IDEMPOTENT.contains(request.method()) ? ALLOWED : NEVER;
    }
}
