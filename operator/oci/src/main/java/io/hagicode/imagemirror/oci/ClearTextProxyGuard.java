package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.net.Proxy;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Refuses to send a registry's credentials through a proxy in clear text. An https:// request through a proxy goes
 * in a CONNECT tunnel, so the proxy sees only the target host and port; a plain http:// request is sent to the proxy
 * itself, headers and all, so its {@code Authorization} would be the proxy's to read. Anonymous plain-HTTP requests
 * still go through the proxy; a request with credentials fails here, before a byte is written, with a message that
 * says what to do.
 */
final class ClearTextProxyGuard implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
        Connection connection = chain.connection();
        if (connection != null && connection.route().proxy().type() == Proxy.Type.HTTP
                && !chain.request().isHttps() && chain.request().header("Authorization") != null) {
            throw new ClearTextProxyException("refusing to send credentials for " + chain.request().url().host()
                    + " through the HTTP proxy " + connection.route().proxy().address()
                    + " over plain HTTP, where the proxy would read them: use HTTPS for this registry, or exempt it"
                    + " from the proxy with NO_PROXY");
        }
        return chain.proceed(chain.request());
    }

    /** Not a network failure: retrying cannot help. */
    static final class ClearTextProxyException extends IOException {
        ClearTextProxyException(String message) {
            super(message);
        }
    }
}
