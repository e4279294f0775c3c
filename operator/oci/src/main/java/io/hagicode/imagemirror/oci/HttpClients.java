package io.hagicode.imagemirror.oci;

import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The two OkHttp configurations of a factory, verifying and insecure, built from one base so that they share one
 * connection pool and dispatcher. OkHttp offers HTTP/2 by ALPN and falls back to HTTP/1.1 on its own.
 *
 * <p>Redirects are never followed by OkHttp: {@link RegistryHttp} follows them itself so that it alone decides where the
 * Authorization header goes (never to another host, e.g. the object storage a blob GET is sent to).
 */
final class HttpClients implements AutoCloseable {
    private final ConnectionPool pool;
    private final Dispatcher dispatcher;
    private final OkHttpClient verifying;
    private final OkHttpClient insecure;

    HttpClients(ClientOptions options) {
        pool = new ConnectionPool(16, 5, TimeUnit.MINUTES);
        dispatcher = new Dispatcher();
        OkHttpClient base = new OkHttpClient.Builder()
                .connectionPool(pool)
                .dispatcher(dispatcher)
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                .writeTimeout(options.readTimeout())
                .followRedirects(false)
                .followSslRedirects(false)
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

    OkHttpClient forRegistry(boolean insecureRegistry) {
        return insecureRegistry ? insecure : verifying;
    }

    @Override
    public void close() {
        pool.evictAll();
        dispatcher.executorService().shutdown();
    }
}
