package io.hagicode.imagemirror.oci;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The OkHttp configurations of a factory, verifying and insecure, each with the environment's proxies or with one
 * registry's own proxy, all built from one base so that they share one connection pool and dispatcher. The proxy is
 * part of OkHttp's pool key, so a connection through one proxy is never handed to a client meant for another or for
 * none.
 *
 * <p>HTTP/1.1 only, although registries offer HTTP/2 (Distribution does over TLS): HTTP/2 puts every request to a
 * registry on one TCP connection, and over a long, lossy path one connection gets a fraction of the link (its window
 * over the round trip). Measured with the benchmark's WAN links and TLS targets, a cold sync took 22.9 s over HTTP/2
 * (one connection per target, the far link at 15% of its cap) and 13.6 s over HTTP/1.1 (ten connections). A blob
 * stream per connection is what makes the {@code concurrency} of a mirror a bandwidth knob.
 *
 * <p>Redirects are never followed by OkHttp: {@link RegistryHttp} follows them itself so that it alone decides where the
 * Authorization header goes (never to another host, e.g. the object storage a blob GET is sent to).
 */
final class HttpClients implements AutoCloseable {
    /**
     * Idle connections kept for reuse, over all hosts. A sync keeps up to its concurrency (at most 64) requests in flight
     * per registry, and over a WAN a connection closed between two bursts costs a handshake (a round trip, two with
     * TLS) when it is opened again: room for three registries at the highest concurrency.
     */
    static final int MAX_IDLE_CONNECTIONS = 192;
    private final ConnectionPool pool;
    private final Dispatcher dispatcher;
    private final OkHttpClient verifying;
    private final OkHttpClient insecure;
    private final Map<Key, OkHttpClient> perProxy = new ConcurrentHashMap<>();

    HttpClients(ClientOptions options) {
        pool = new ConnectionPool(MAX_IDLE_CONNECTIONS, 5, TimeUnit.MINUTES);
        dispatcher = new Dispatcher();
        OkHttpClient base = new OkHttpClient.Builder()
                .connectionPool(pool)
                .dispatcher(dispatcher)
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                .writeTimeout(options.readTimeout())
                .followRedirects(false)
                .followSslRedirects(false)
                .proxySelector(options.proxies().environmentSelector())
                .proxyAuthenticator(options.proxies().environmentAuthenticator())
                .addNetworkInterceptor(new ClearTextProxyGuard())
                .protocols(List.of(Protocol.HTTP_1_1))
                .build();
        OkHttpClient.Builder verifyingBuilder = base.newBuilder();
        if (!options.extraCaFiles().isEmpty()) {
            X509TrustManager trust = TrustMaterial.withExtraCas(options.extraCaFiles());
            verifyingBuilder.sslSocketFactory(TrustMaterial.socketFactory(trust), trust);
        }
        verifying = verifyingBuilder.build();
        X509TrustManager trustAll = TrustMaterial.trustAll();
        insecure = base.newBuilder()
                .sslSocketFactory(TrustMaterial.socketFactory(trustAll), trustAll)
                .hostnameVerifier((host, session) -> true)
                .build();
    }

    /** The client for a registry: through {@code proxy} for all its requests when given, else the environment's. */
    OkHttpClient forRegistry(boolean insecureRegistry, Optional<ProxyEndpoint> proxy) {
        OkHttpClient client = insecureRegistry ? insecure : verifying;
        if (proxy.isEmpty()) {
            return client;
        }
        return perProxy.computeIfAbsent(new Key(insecureRegistry, proxy.get()), key -> client.newBuilder()
                .proxy(ProxySettings.toProxy(key.proxy()))
                .proxyAuthenticator(ProxySettings.authenticate(key.proxy()))
                .build());
    }

    OkHttpClient forRegistry(boolean insecureRegistry) {
        return forRegistry(insecureRegistry, Optional.empty());
    }

    private record Key(boolean insecure, ProxyEndpoint proxy) {
    }

    @Override
    public void close() {
        pool.evictAll();
        dispatcher.executorService().shutdown();
    }
}
