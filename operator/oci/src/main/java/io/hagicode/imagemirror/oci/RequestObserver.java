package io.hagicode.imagemirror.oci;

/**
 * Told of every HTTP exchange with a registry, for metrics and for tests that count requests. Never sees headers, so it
 * cannot leak a credential.
 */
@FunctionalInterface
public interface RequestObserver {
    RequestObserver NONE = (registry, method, status, nanos) -> { };

    /** {@code status} is 0 when no response was had. */
    void onResponse(String registry, String method, int status, long nanos);
}
