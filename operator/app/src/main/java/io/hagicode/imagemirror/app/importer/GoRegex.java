package io.hagicode.imagemirror.app.importer;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the Go (RE2) regex of an image-syncer {@code repo:/regex/} key into an ImageMirror include pattern.
 * Two differences matter:
 * <ul>
 *   <li>image-syncer keeps a tag when the regex is found anywhere in it (Go's {@code MatchString}); an include pattern
 *   must match the whole tag. So the regex is wrapped as {@code .*(?:R).*}, or, when it is anchored at both ends
 *   without alternation, just loses its anchors (the readable common case).</li>
 *   <li>Syntax Java spells differently: {@code (?P<name>} and POSIX classes such as {@code [[:digit:]]}, which Java
 *   would read as a set of the characters ':', 'd', 'i', ... without complaint.</li>
 * </ul>
 * Everything else RE2 accepts means the same in Java.
 */
final class GoRegex {
    private static final Pattern POSIX_CLASS = Pattern.compile("\\[:(\\^?)([a-z]+):]");
    private static final Map<String, String> POSIX_NAMES = Map.ofEntries(
            Map.entry("alnum", "Alnum"), Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"),
            Map.entry("blank", "Blank"), Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"),
            Map.entry("graph", "Graph"), Map.entry("lower", "Lower"), Map.entry("print", "Print"),
            Map.entry("punct", "Punct"), Map.entry("space", "Space"), Map.entry("upper", "Upper"),
            Map.entry("word", "w"), Map.entry("xdigit", "XDigit"));

    private GoRegex() {
    }

    static String toJavaFullMatch(String goRegex) {
        String java = translateSyntax(goRegex);
        if (java.startsWith("^") && endsWithUnescapedDollar(java) && !java.contains("|")) {
            return java.substring(1, java.length() - 1);
        }
        return ".*(?:" + java + ").*";
    }

    static String translateSyntax(String goRegex) {
        String named = goRegex.replace("(?P<", "(?<");
        Matcher m = POSIX_CLASS.matcher(named);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = POSIX_NAMES.get(m.group(2));
            String replacement = name == null ? m.group()
                    : name.equals("w") ? (m.group(1).isEmpty() ? "\\w" : "\\W")
                    : (m.group(1).isEmpty() ? "\\p{" : "\\P{") + name + "}";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * What {@code goRegex} uses that Java has and RE2 does not (so image-syncer's regexp.Compile refuses it), or null.
     * Java would accept these silently, turning a rule image-syncer failed on into one that syncs.
     */
    static String unsupportedByRe2(String goRegex) {
        boolean inClass = false;
        for (int i = 0; i < goRegex.length(); i++) {
            char c = goRegex.charAt(i);
            String next = goRegex.substring(i + 1);
            if (c == '\\') {
                if (!inClass && !next.isEmpty() && next.charAt(0) >= '1' && next.charAt(0) <= '9') {
                    return "a backreference (\\" + next.charAt(0) + ")";
                }
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                i += next.startsWith("^]") ? 2 : next.startsWith("]") ? 1 : 0;
            } else if (c == '(' && (next.startsWith("?=") || next.startsWith("?!") || next.startsWith("?<=")
                    || next.startsWith("?<!"))) {
                return "a lookaround group";
            } else if (c == '(' && next.startsWith("?>")) {
                return "an atomic group";
            } else if ((c == '*' || c == '+' || c == '?' || c == '}') && next.startsWith("+")) {
                return "a possessive quantifier (" + c + "+)";
            }
        }
        return null;
    }

    private static boolean endsWithUnescapedDollar(String regex) {
        if (!regex.endsWith("$")) {
            return false;
        }
        int backslashes = 0;
        for (int i = regex.length() - 2; i >= 0 && regex.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0;
    }
}
