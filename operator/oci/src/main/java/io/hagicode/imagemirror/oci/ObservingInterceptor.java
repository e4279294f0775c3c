package io.hagicode.imagemirror.oci;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Tells the {@link RequestObserver} of every try of every exchange, retries included: it sits below the
 * {@link RetryInterceptor}, so a 429 the transport retries is still seen (the engine's per-registry back-off counts
 * them).
 */
final class ObservingInterceptor implements Interceptor {
    private final String registry;
    private final RequestObserver observer;

    ObservingInterceptor(String registry, RequestObserver observer) {
        this.registry = registry;
        this.observer = observer;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        long start = System.nanoTime();
        try {
            Response response = chain.proceed(request);
            report(request.method(), response.code(), start);
            return response;
        } catch (IOException | RuntimeException e) {
            report(request.method(), 0, start);
            throw e;
        }
    }

    private void report(String method, int status, long start) {
        try {
            observer.onResponse(registry, method, status, System.nanoTime() - start);
        } catch (RuntimeException ignored) {
            // A broken metrics hook must not fail a copy.
        }
    }
}
