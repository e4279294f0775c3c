package io.hagicode.imagemirror.oci;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Decides whether the client may send credentials to a token realm. The realm comes from the registry's
 * {@code WWW-Authenticate} header, so a hostile or compromised registry could point it at a cloud metadata service and
 * have the operator (which often runs with a cloud identity) fetch from it, or downgrade it to plain HTTP to read the
 * password. Loopback stays allowed: registries and token servers on the same host are legitimate (and tests use them).
 */
final class TokenRealmPolicy {
    /** Metadata services reachable by name or by an address outside the link-local ranges. */
    private static final Set<String> METADATA_HOSTS = Set.of(
            "metadata.google.internal", "metadata.goog", "metadata", "100.100.100.200");

    private TokenRealmPolicy() {
    }

    /**
     * The realm as a URL, or a {@link RegistryErrorKind#REFUSED} exception saying why not.
     *
     * @param registryIsHttps whether the registry itself was reached over TLS
     * @param insecure        whether the user marked the registry insecure (then an http realm is accepted)
     */
    static HttpUrl check(String realm, String registry, boolean registryIsHttps, boolean insecure) {
        URI uri;
        try {
            uri = new URI(realm);
        } catch (URISyntaxException e) {
            throw refused(registry, realm, "it is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refused(registry, realm, "only http and https realms are allowed");
        }
        HttpUrl url = HttpUrl.parse(realm);
        if (url == null) {
            throw refused(registry, realm, "it is not a valid URL");
        }
        if (scheme.equals("http") && registryIsHttps && !insecure) {
            throw refused(registry, realm, "the registry uses https but the realm is plain http "
                    + "(mark the registry insecure to allow it)");
        }
        String host = url.host().toLowerCase(Locale.ROOT);
        if (METADATA_HOSTS.contains(host)) {
            throw refused(registry, realm, "it points at a cloud metadata service");
        }
        if (isIpLiteral(host) && isForbiddenAddress(literal(host))) {
            throw refused(registry, realm, "it points at a link-local address");
        }
        return url;
    }

    /** Link-local (169.254.0.0/16, fe80::/10, also as IPv4-mapped IPv6) and the Alibaba metadata address. */
    static boolean isForbiddenAddress(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16 && isIpv4Mapped(b)) {
            b = new byte[] {b[12], b[13], b[14], b[15]};
        }
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            boolean alibaba = first == 100 && second == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200;
            return (first == 169 && second == 254) || alibaba;
        }
        return (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static InetAddress literal(String host) {
        try {
            // Only ever called with a literal, so this never does a DNS lookup.
            return InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("not an address literal: " + host, e);
        }
    }

    static RegistryException refused(String registry, String realm, String why) {
        return new RegistryException(RegistryErrorKind.REFUSED, 0,
                "refusing token realm '" + realm + "' announced by registry " + registry + ": " + why);
    }
}
