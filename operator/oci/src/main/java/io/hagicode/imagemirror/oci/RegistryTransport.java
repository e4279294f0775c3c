package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One registry's wire: where its API lives, the {@code /v2/} ping, and single exchanges, each retried by the
 * {@link RetryInterceptor} where that is safe, every try reported to the {@link RequestObserver}, and I/O failures
 * turned into {@link RegistryException}s.
 *
 * <p>Scheme policy. A registry is spoken to over https with verified certificates. For a registry marked insecure the
 * ping tries https without certificate verification and, at the same time, plain http; https is used when it answers,
 * plain http when https fails at the connection level (the server speaks plain HTTP, so the TLS handshake fails), for
 * the life of the client. This is what Docker does for {@code insecure-registries}: both self-signed https registries
 * and plain http ones work with one flag, and a registry that does offer TLS gets nothing in clear text but that
 * credential-free ping.
 */
final class RegistryTransport {
    private final RegistryHost host;
    private final boolean insecure;
    private final OkHttpClient http;
    private final OkHttpClient tokenHttp;
    private final OkHttpClient probeHttp;
    private static final int INSECURE_PROBE_TIMEOUT_MILLIS = 5_000;
    private volatile Ping ping;

    /** What {@code GET /v2/} said: the base URL that answered, its status and its challenges. */
    record Ping(HttpUrl base, int status, List<AuthChallenge> challenges) {
    }

    RegistryTransport(RegistryHost host, boolean insecure, OkHttpClient http, RetryInterceptor retries,
                      RequestObserver observer) {
        this.host = host;
        this.insecure = insecure;
        // Retries outside, observation inside: every try is seen. Every client shares the pool.
        this.http = http.newBuilder().addInterceptor(retries)
                .addInterceptor(new ObservingInterceptor(host.name(), observer)).build();
        // Only DNS answers differ (see RealmDns).
        this.tokenHttp = this.http.newBuilder().dns(new RealmDns(Dns.SYSTEM)).build();
        // A plain-HTTP server may sit silently on our TLS ClientHello; the https try must not cost a full read timeout.
        this.probeHttp = this.http.newBuilder()
                .readTimeout(Math.min(http.readTimeoutMillis(), INSECURE_PROBE_TIMEOUT_MILLIS), TimeUnit.MILLISECONDS)
                .build();
    }

    String registry() {
        return host.name();
    }

    boolean insecure() {
        return insecure;
    }

    /** The ping's answer; made once per client (a failed ping is not remembered, so the next call tries again). */
    Ping ping() {
        Ping known = ping;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (ping == null) {
                ping = probe();
            }
            return ping;
        }
    }

    private Ping probe() {
        HttpUrl https = baseUrl("https");
        if (!insecure) {
            return pingAt(http, https, TransportRetry.ALLOWED);
        }
        // Both schemes at once: asked one after the other, a plain-HTTP registry cost a round trip more per client
        // (the failed TLS try), and over a WAN that is a quarter second before anything else can start. The pings
        // carry no credentials, and https wins whenever it answers.
        CompletableFuture<Ping> plain = new CompletableFuture<>();
        Thread plainPing = new Thread(() -> {
            try {
                plain.complete(pingAt(http, baseUrl("http"), TransportRetry.NEVER));
            } catch (RuntimeException e) {
                plain.completeExceptionally(e);
            }
        }, "imagemirror-ping-" + host.name());
        plainPing.setDaemon(true);
        plainPing.start();
        try {
            return pingAt(probeHttp, https, TransportRetry.NEVER); // its failure is an answer: take plain http's
        } catch (RegistryException e) {
            if (e.kind() != RegistryErrorKind.NETWORK) {
                throw e;
            }
            return plainAnswer(plain);
        }
    }

    /** The raced plain-http ping's answer; if it failed, one more ping with the transport's retries, as before. */
    private Ping plainAnswer(CompletableFuture<Ping> plain) {
        try {
            return plain.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryErrorKind.NETWORK, 0, "interrupted while pinging registry "
                    + host.name());
        } catch (ExecutionException e) {
            return pingAt(http, baseUrl("http"), TransportRetry.ALLOWED);
        }
    }

    private Ping pingAt(OkHttpClient client, HttpUrl base, TransportRetry retry) {
        Request request = new Request.Builder().url(base.newBuilder().addPathSegment("v2").addPathSegment("").build())
                .get().tag(TransportRetry.class, retry).build();
        try (Response response = execute(client, request, "pinging registry " + host.name())) {
            int status = response.code();
            if (RetryInterceptor.isRetryable(status)) {
                throw RegistryErrors.fromResponse(response, "pinging registry " + host.name(), RegistryErrorKind.OTHER);
            }
            return new Ping(base, status, AuthChallenge.parseAll(response.headers("WWW-Authenticate")));
        }
    }

    private HttpUrl baseUrl(String scheme) {
        HttpUrl url = HttpUrl.parse(scheme + "://" + host.apiHost() + "/");
        if (url == null) {
            throw new IllegalArgumentException("invalid registry '" + host.name() + "'");
        }
        return url;
    }

    /** A builder at the API root ({@code scheme://host/}), after the ping decided the scheme. */
    HttpUrl.Builder url() {
        return ping().base().newBuilder();
    }

    /** True for URLs of the registry itself, the only place the registry's credentials may go. */
    boolean isRegistryOrigin(HttpUrl url) {
        HttpUrl base = ping().base();
        return base.scheme().equals(url.scheme()) && base.host().equals(url.host()) && base.port() == url.port();
    }

    boolean isHttps() {
        return ping().base().isHttps();
    }

    /** One exchange with the registry (or wherever {@code request} points). The caller closes the response. */
    Response execute(Request request, String what) {
        return execute(http, request, what);
    }

    /** One exchange with a token realm, whose DNS answers are checked by {@link RealmDns}. */
    Response executeTokenRequest(Request request, String what) {
        return execute(tokenHttp, request, what);
    }

    private Response execute(OkHttpClient client, Request request, String what) {
        Call call = client.newCall(request);
        try {
            return call.execute();
        } catch (IOException e) {
            if (e instanceof NetworkFailures.SourceFailure) {
                call.cancel(); // the request body is half written: the connection must not be reused
            }
            throw NetworkFailures.toRegistryException(e, what, request.url().host() + ":" + request.url().port());
        }
    }
}
