package io.hagicode.imagemirror.oci;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * The DNS used for token requests: a realm host name that resolves to a link-local or metadata address is refused. The
 * check has to happen on the resolved addresses that OkHttp connects to, since checking a name before the request
 * could be answered differently by DNS a moment later.
 */
final class RealmDns implements Dns {
    private final Dns delegate;

    RealmDns(Dns delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> addresses = delegate.lookup(hostname);
        for (InetAddress address : addresses) {
            if (TokenRealmPolicy.isForbiddenAddress(address)) {
                throw new RefusedAddressException("token realm host " + hostname + " resolves to "
                        + address.getHostAddress() + ", a link-local or cloud metadata address");
            }
        }
        return addresses;
    }

    /** Mapped to {@link RegistryErrorKind#REFUSED} by {@link NetworkFailures}. */
    static final class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String message) {
            super(message);
        }
    }
}
