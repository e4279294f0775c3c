package io.hagicode.imagemirror.oci;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP proxy: host, port and optional Basic credentials for {@code Proxy-Authorization}. Only {@code http://}
 * proxies are supported (HTTPS registries are tunnelled with CONNECT through them); OkHttp 4 cannot speak TLS to a
 * proxy, and SOCKS proxy credentials could only be set JVM-wide, so both are refused rather than half-supported.
 * {@code toString} never shows the password.
 */
public record ProxyEndpoint(String host, int port, Optional<Credentials.Basic> credentials) {

    /**
     * Parses {@code value} read from {@code source} (an environment variable or a spec field, named in errors).
     * {@code schemeOptional} accepts {@code host:port} as {@code http://host:port}, as curl and Go do for the
     * environment variables; the spec asks for the scheme so that what is written is what is meant.
     *
     * @throws IllegalArgumentException naming {@code source} and the value without its password
     */
    public static ProxyEndpoint parse(String source, String value, boolean schemeOptional) {
        String trimmed = value.trim();
        String withScheme = trimmed;
        if (!trimmed.contains("://")) {
            if (!schemeOptional) {
                throw invalid(source, trimmed, "expected a URL with a scheme, e.g. http://proxy.example.com:3128");
            }
            withScheme = "http://" + trimmed;
        }
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw invalid(source, trimmed, "not a URL (expected e.g. http://proxy.example.com:3128)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw invalid(source, trimmed, "unsupported proxy scheme '" + scheme
                    + "': only http:// proxies are supported (HTTPS registries are tunnelled through them with CONNECT)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid(source, trimmed, "no host (expected e.g. http://proxy.example.com:3128)");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw invalid(source, trimmed, "a proxy URL has no path, query or fragment");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        return new ProxyEndpoint(host, port, userInfo(uri.getRawUserInfo()));
    }

    private static Optional<Credentials.Basic> userInfo(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        int colon = raw.indexOf(':');
        String user = colon < 0 ? raw : raw.substring(0, colon);
        String password = colon < 0 ? "" : raw.substring(colon + 1);
        return Optional.of(new Credentials.Basic(decode(user), decode(password)));
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String source, String value, String why) {
        return new IllegalArgumentException("invalid " + source + " '" + withoutPassword(value) + "': " + why);
    }

    /** The value as it may be shown: any {@code user:password@} becomes {@code user:***@}. */
    static String withoutPassword(String value) {
        int schemeEnd = value.indexOf("://");
        int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int at = value.lastIndexOf('@');
        if (at < start) {
            return value;
        }
        String userInfo = value.substring(start, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        return value.substring(0, start) + user + ":***" + value.substring(at);
    }

    /** The same proxy with credentials from elsewhere (a Secret), replacing any in the URL. */
    public ProxyEndpoint withCredentials(Credentials.Basic basic) {
        return new ProxyEndpoint(host, port, Optional.of(basic));
    }

    String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "http://" + credentials.map(c -> c.username() + ":***@").orElse("") + hostPort();
    }
}
