package io.hagicode.imagemirror.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters. Scheme and parameter
 * names are case-insensitive, so both are kept in lower case; parameter order carries no meaning. A header may hold
 * several challenges separated by commas, which is why the parser must look ahead: after a comma, {@code name=} starts
 * another parameter while a bare token starts the next challenge.
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    public boolean isBearer() {
        return "bearer".equals(scheme);
    }

    public boolean isBasic() {
        return "basic".equals(scheme);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every challenge in every given header value, in order; unparseable remainders are dropped. */
    public static List<AuthChallenge> parseAll(List<String> headerValues) {
        List<AuthChallenge> all = new ArrayList<>();
        for (String value : headerValues) {
            all.addAll(parse(value));
        }
        return all;
    }

    /** The challenges of one header value. */
    public static List<AuthChallenge> parse(String headerValue) {
        return new Parser(headerValue == null ? "" : headerValue).challenges();
    }

    /** The first challenge of the given scheme, if any. */
    public static Optional<AuthChallenge> find(List<AuthChallenge> challenges, String scheme) {
        return challenges.stream().filter(c -> c.scheme().equalsIgnoreCase(scheme)).findFirst();
    }

    @Override
    public String toString() {
        // Parameters of a challenge are public (realm, service, scope), but keep it short.
        return scheme + " " + params;
    }

    private static final class Parser {
        private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        List<AuthChallenge> challenges() {
            List<AuthChallenge> result = new ArrayList<>();
            while (true) {
                skipWhitespaceAndCommas();
                String scheme = token();
                if (scheme.isEmpty()) {
                    return result;
                }
                Map<String, String> params = new LinkedHashMap<>();
                skipWhitespace();
                if (!parseToken68(params)) {
                    parseParams(params);
                }
                result.add(new AuthChallenge(scheme, params));
            }
        }

        /** A token68 (e.g. {@code Negotiate abc==}) stands alone before the end or a comma; kept under "". */
        private boolean parseToken68(Map<String, String> params) {
            int start = pos;
            while (pos < s.length() && isToken68Char(s.charAt(pos))) {
                pos++;
            }
            if (pos == start) {
                return false;
            }
            while (pos < s.length() && s.charAt(pos) == '=') {
                pos++;
            }
            int end = pos;
            skipWhitespace();
            if (pos >= s.length() || s.charAt(pos) == ',') {
                params.put("", s.substring(start, end));
                return true;
            }
            pos = start; // "name=value": parameters follow
            return false;
        }

        private static boolean isToken68Char(char c) {
            return Character.isLetterOrDigit(c) && c < 128 || "-._~+/".indexOf(c) >= 0;
        }

        private void parseParams(Map<String, String> params) {
            while (true) {
                int start = pos;
                skipWhitespaceAndCommas();
                String name = token();
                skipWhitespace();
                if (name.isEmpty() || pos >= s.length() || s.charAt(pos) != '=') {
                    pos = start; // not a parameter: the next challenge starts here
                    return;
                }
                pos++;
                skipWhitespace();
                String value = pos < s.length() && s.charAt(pos) == '"' ? quotedString() : bareValue();
                params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                skipWhitespace();
                if (pos >= s.length()) {
                    return;
                }
                if (s.charAt(pos) != ',') {
                    skipUntilComma(); // malformed parameter: drop the rest of it
                }
            }
        }

        private String quotedString() {
            StringBuilder value = new StringBuilder();
            pos++; // opening quote
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    value.append(s.charAt(pos++));
                } else if (c == '"') {
                    return value.toString();
                } else {
                    value.append(c);
                }
            }
            return value.toString(); // unterminated: take what there is
        }

        /**
         * An unquoted value. RFC 7235 allows only a token, but some servers send URLs unquoted, so this reads up to
         * the next comma or white space instead of stopping at the first ':' or '/'.
         */
        private String bareValue() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ' ' && s.charAt(pos) != '\t') {
                pos++;
            }
            return s.substring(start, pos);
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && SEPARATORS.indexOf(s.charAt(pos)) < 0 && s.charAt(pos) > 31) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skipUntilComma() {
            while (pos < s.length() && s.charAt(pos) != ',') {
                pos++;
            }
        }

        private void skipWhitespace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private void skipWhitespaceAndCommas() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
                pos++;
            }
        }
    }
}
