package io.hagicode.imagemirror.app.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The label selector of {@code operator --selector}: which ImageMirrors this operator reconciles, in the syntax of
 * {@code kubectl get -l} ({@code key=value}, {@code key==value}, {@code key!=value}, {@code key in (a,b)},
 * {@code key notin (a,b)}, {@code key}, {@code !key}, joined by commas).
 * <p>
 * Checked here because neither JOSDK 5.2.3 ({@code InformerConfiguration.ensureValidLabelSelector} accepts anything)
 * nor fabric8 looks at it: a typo would otherwise surface only as the API server's 400 on the informer's first list,
 * after the operator has started, or, worse, as a valid selector that matches nothing.
 */
public final class MirrorSelector {
    private static final String FLAG = "--selector";
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final String expression;

    private MirrorSelector(String expression) {
        this.expression = expression;
    }

    /** @throws IllegalArgumentException naming the flag, the value and what is wrong with it */
    public static MirrorSelector parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(FLAG + " '" + (text == null ? "" : text) + "': empty; leave the flag "
                    + "out to reconcile every ImageMirror");
        }
        TreeSet<String> requirements = new TreeSet<>();
        for (String part : splitOutsideParentheses(text)) {
            requirements.add(requirement(part.strip(), text));
        }
        return new MirrorSelector(String.join(",", requirements));
    }

    /**
     * The selector in one spelling, what the informer sends as {@code labelSelector}: requirements sorted, set values
     * sorted, {@code ==} written {@code =}, no blanks but around {@code in}/{@code notin}. Two replicas given the same
     * selector in another order derive the same Lease name ({@link Shard}), so they never lead at the same time.
     */
    public String expression() {
        return expression;
    }

    private static List<String> splitOutsideParentheses(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static String requirement(String part, String text) {
        if (part.isEmpty()) {
            throw invalid(text, "an empty requirement (two commas in a row, or one at an end)");
        }
        if (part.startsWith("!")) {
            String key = part.substring(1).strip();
            checkKey(key, text);
            return "!" + key;
        }
        String[] setOp = part.split("\\s+(?=(in|notin)\\s*\\()", 2);
        if (setOp.length == 2) {
            String key = setOp[0].strip();
            checkKey(key, text);
            String rest = setOp[1].strip();
            String op = rest.startsWith("notin") ? "notin" : "in";
            String list = rest.substring(op.length()).strip();
            if (!list.startsWith("(") || !list.endsWith(")")) {
                throw invalid(text, "'" + part + "': the values of '" + op + "' go in parentheses, e.g. " + key + " "
                        + op + " (a,b)");
            }
            TreeSet<String> values = new TreeSet<>();
            for (String value : list.substring(1, list.length() - 1).split(",", -1)) {
                checkValue(value.strip(), text);
                values.add(value.strip());
            }
            return key + " " + op + " (" + String.join(",", values) + ")";
        }
        for (String op : List.of("!=", "==", "=")) {
            int at = part.indexOf(op);
            if (at >= 0) {
                String key = part.substring(0, at).strip();
                String value = part.substring(at + op.length()).strip();
                checkKey(key, text);
                checkValue(value, text);
                return key + ("==".equals(op) ? "=" : op) + value;
            }
        }
        if (part.contains("(") || part.contains(")") || part.contains(">") || part.contains("<")
                || part.contains(" ")) {
            throw invalid(text, "'" + part + "' is not a requirement; use key=value, key!=value, key in (a,b), "
                    + "key notin (a,b), key or !key");
        }
        checkKey(part, text);
        return part;
    }

    /** A label key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
    private static void checkKey(String key, String text) {
        int slash = key.lastIndexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = key.substring(slash + 1);
        if (prefix != null && (prefix.isEmpty() || prefix.length() > 253
                || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
            throw invalid(text, "label key '" + key + "': the prefix before '/' must be a DNS subdomain "
                    + "(lower case, e.g. mirror.hagicode.io)");
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            throw invalid(text, "label key '" + key + "': the name must be 1-63 characters of letters, digits, "
                    + "'-', '_' and '.', starting and ending with a letter or digit");
        }
    }

    private static void checkValue(String value, String text) {
        if (value.length() > 63 || (!value.isEmpty() && !NAME.matcher(value).matches())) {
            throw invalid(text, "label value '" + value + "': at most 63 characters of letters, digits, '-', '_' "
                    + "and '.', starting and ending with a letter or digit");
        }
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException(FLAG + " '" + text + "': " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MirrorSelector other && expression.equals(other.expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
