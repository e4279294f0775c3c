package io.hagicode.imagemirror.oci;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The one place a single request is retried (the shape of go-containerregistry's transport/retry.go): on 408, 429 and
 * 5xx answers and on connection failures, up to {@code maxAttempts} tries in all, waiting as {@link Backoff} says
 * between them, and only for requests {@link TransportRetry} allows. Where the caller reads a whole body
 * ({@link WholeBody}) it is read here, within the try, so a body cut half way counts as a failed try. When the tries run
 * out, the last answer is returned as it came (the caller turns it into the error it means, keeping its kind) or the
 * last failure rethrown. A thread that is interrupted is being cancelled (the engine stops a sync that way) and gets no
 * further tries.
 *
 * <p>Not retried here: a blob upload's requests (the upload is retried as a whole), a failure of the content being
 * uploaded, a token realm the client refused, and a streamed blob that breaks after its headers arrived (it resumes
 * from where it broke with a Range request, {@link ResumableBlobStream}, a continuation rather than a retry).
 */
final class RetryInterceptor implements Interceptor {
    private final RetryConfig config;

    RetryInterceptor(int maxAttempts, Backoff backoff) {
        IntervalBiFunction<Response> interval = (retry, outcome) -> backoff.millisBefore(retry, outcome.isRight()
                ? RetryAfter.parse(outcome.get().header("Retry-After"), Instant.now()) : Optional.empty());
        this.config = RetryConfig.<Response>custom()
                .maxAttempts(maxAttempts)
                .retryOnResult(response -> isRetryable(response.code()) && !Thread.currentThread().isInterrupted())
                .retryOnException(RetryInterceptor::isRetryable)
                .consumeResultBeforeRetryAttempt((retry, response) -> response.close())
                .intervalBiFunction(interval)
                .failAfterMaxAttempts(false)
                .build();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (TransportRetry.of(request) != TransportRetry.ALLOWED) {
            return chain.proceed(request);
        }
        try {
            return Retry.of("transport", config).executeCheckedSupplier(() -> tryOnce(chain, request));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    private static Response tryOnce(Chain chain, Request request) throws IOException {
        Response response = chain.proceed(request);
        WholeBody whole = request.tag(WholeBody.class);
        if (whole != null && response.isSuccessful() && response.body() != null
                && response.body().contentLength() <= whole.limit()) {
            try {
                response.peekBody(whole.limit() + 1); // buffered in the response; the caller reads it from there
            } catch (IOException e) {
                response.close();
                throw e;
            }
        }
        return response;
    }

    static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static boolean isRetryable(Throwable error) {
        return error instanceof IOException
                && !(error instanceof NetworkFailures.SourceFailure)
                && !(error instanceof RealmDns.RefusedAddressException)
                && !(error instanceof ClearTextProxyGuard.ClearTextProxyException)
                && !Thread.currentThread().isInterrupted();
    }
}
