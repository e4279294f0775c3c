package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** Turns an I/O failure of one exchange into a {@link RegistryException} whose message tells the user what to do. */
final class NetworkFailures {
    private NetworkFailures() {
    }

    static RegistryException toRegistryException(IOException e, String what, String host) {
        if (e instanceof SourceFailure source) {
            return source.cause();
        }
        if (e instanceof RealmDns.RefusedAddressException || e instanceof ClearTextProxyGuard.ClearTextProxyException) {
            return new RegistryException(RegistryErrorKind.REFUSED, 0, what + " failed: " + e.getMessage(), e);
        }
        return new RegistryException(RegistryErrorKind.NETWORK, 0, what + " failed: " + describe(e, host), e);
    }

    private static String describe(IOException e, String host) {
        if (e instanceof SSLException) {
            return "TLS with " + host + " failed (" + e.getMessage() + "); if the registry uses a private CA pass it "
                    + "with --ca-file, or mark the registry insecure";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out talking to " + host;
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + host;
        }
        if (e instanceof ConnectException) {
            return "cannot connect to " + host + " (" + e.getMessage() + ")";
        }
        if (e instanceof InterruptedIOException) {
            return "interrupted while talking to " + host;
        }
        return "connection to " + host + " failed (" + e.getMessage() + ")";
    }

    /**
     * Carries a failure of the content being uploaded (e.g. the source blob stream broke or did not match its digest)
     * through OkHttp, which only lets IOExceptions out of a request body.
     */
    static final class SourceFailure extends IOException {
        SourceFailure(RegistryException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized RegistryException getCause() {
            return (RegistryException) super.getCause();
        }

        RegistryException cause() {
            return getCause();
        }
    }
}
