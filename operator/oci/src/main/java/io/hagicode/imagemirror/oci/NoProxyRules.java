package io.hagicode.imagemirror.oci;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The hosts {@code NO_PROXY} exempts, read as curl and Go's {@code httpproxy} read it: comma-separated entries;
 * {@code *} alone exempts every host; {@code example.com}, {@code .example.com} and {@code *.example.com} all exempt
 * example.com and every subdomain (curl's reading; Go leaves the domain itself out for the dotted forms); an entry with
 * {@code :port} exempts that port only; an IP literal exempts that address and a CIDR block its range. Names match
 * case-insensitively, and never by DNS: no lookup is made. Unlike Go, loopback is not exempted implicitly (curl does
 * not either), so a proxy on this host can be tested.
 */
final class NoProxyRules {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

    private final boolean all;
    private final List<Entry> entries;

    private NoProxyRules(boolean all, List<Entry> entries) {
        this.all = all;
        this.entries = List.copyOf(entries);
    }

    static final NoProxyRules NONE = new NoProxyRules(false, List.of());

    /** @throws IllegalArgumentException naming {@code source} and the entry that is neither a name nor an address */
    static NoProxyRules parse(String source, String value) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return new NoProxyRules(true, List.of());
            }
            entries.add(Entry.parse(source, entry));
        }
        return new NoProxyRules(false, entries);
    }

    boolean exempts(String host, int port) {
        if (all) {
            return true;
        }
        String h = stripBrackets(host.toLowerCase(Locale.ROOT));
        for (Entry e : entries) {
            if (e.matches(h, port)) {
                return true;
            }
        }
        return false;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private record Entry(String domain, byte[] network, int prefixBits, int port) {
        static Entry parse(String source, String entry) {
            String hostPart = entry;
            int port = -1;
            int slash = entry.indexOf('/');
            if (slash >= 0) {
                byte[] address = literal(source, entry, entry.substring(0, slash));
                int bits = prefix(source, entry, entry.substring(slash + 1), address.length * 8);
                return new Entry(null, address, bits, -1);
            }
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0) {
                    throw invalid(source, entry);
                }
                hostPart = entry.substring(1, close);
                port = entry.length() > close + 1 ? port(source, entry, entry.substring(close + 1)) : -1;
            } else if (entry.indexOf(':') == entry.lastIndexOf(':') && entry.indexOf(':') >= 0) {
                int colon = entry.indexOf(':');
                hostPart = entry.substring(0, colon);
                port = port(source, entry, entry.substring(colon));
            }
            if (IP_LITERAL.matcher(hostPart).matches()) {
                byte[] address = literal(source, entry, hostPart);
                return new Entry(null, address, address.length * 8, port);
            }
            String domain = hostPart.startsWith("*.") ? hostPart.substring(2)
                    : hostPart.startsWith(".") ? hostPart.substring(1) : hostPart;
            if (domain.isEmpty() || !domain.matches("[a-z0-9_.-]+")) {
                throw invalid(source, entry);
            }
            return new Entry(domain, null, 0, port);
        }

        boolean matches(String host, int requestPort) {
            if (port != -1 && port != requestPort) {
                return false;
            }
            if (domain != null) {
                return host.equals(domain) || host.endsWith("." + domain);
            }
            if (!IP_LITERAL.matcher(host).matches()) {
                return false;
            }
            byte[] address;
            try {
                address = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                return false;
            }
            if (address.length != network.length) {
                return false;
            }
            int shift = network.length * 8 - prefixBits;
            return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        }

        private static byte[] literal(String source, String entry, String text) {
            if (!IP_LITERAL.matcher(text).matches()) {
                throw invalid(source, entry);
            }
            try {
                // Only literals reach here, so getByName parses and never asks DNS.
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException e) {
                throw invalid(source, entry);
            }
        }

        private static int prefix(String source, String entry, String text, int max) {
            try {
                int bits = Integer.parseInt(text);
                if (bits >= 0 && bits <= max) {
                    return bits;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(source, entry);
        }

        private static int port(String source, String entry, String colonAndPort) {
            try {
                int p = Integer.parseInt(colonAndPort.substring(1));
                if (colonAndPort.startsWith(":") && p > 0 && p < 65536) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(source, entry);
        }

        private static IllegalArgumentException invalid(String source, String entry) {
            return new IllegalArgumentException("invalid " + source + " entry '" + entry
                    + "': expected a domain (example.com, .example.com), host:port, an IP address or a CIDR block");
        }
    }
}
