package io.hagicode.imagemirror.app.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaError;

/**
 * Refuses the Lua 5.2 syntax luaj compiles and gopher-lua (a Lua 5.1, which Argo CD runs) does not: {@code goto},
 * labels and {@code _ENV}. It looks at the code with comments and string literals blanked out, so that a word in a
 * message or a comment does not count.
 */
final class Lua51Syntax {
    private static final Pattern LUA52 = Pattern.compile("\\bgoto\\b|::|\\b_ENV\\b");
    private static final Pattern LONG_BRACKET = Pattern.compile("\\[(=*)\\[");

    private Lua51Syntax() {
    }

    static void check(String script, String chunkName) {
        String code = codeOnly(script);
        Matcher m = LUA52.matcher(code);
        if (m.find()) {
            int line = 1 + (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            throw new LuaError(chunkName + ":" + line + ": '" + m.group() + "' is Lua 5.2; Argo CD runs Lua 5.1");
        }
    }

    /** The script with the contents of comments and strings replaced by spaces (newlines kept, for line numbers). */
    static String codeOnly(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int end = literalEnd(s, i);
            if (end == i) {
                out.append(s.charAt(i++));
                continue;
            }
            for (; i < end; i++) {
                out.append(s.charAt(i) == '\n' ? '\n' : ' ');
            }
        }
        return out.toString();
    }

    /** Where the comment or string starting at {@code i} ends, or {@code i} if none starts there. */
    private static int literalEnd(String s, int i) {
        char c = s.charAt(i);
        if (s.startsWith("--", i)) {
            Matcher open = LONG_BRACKET.matcher(s).region(i + 2, s.length());
            return open.lookingAt() ? closeLong(s, open.end(), open.group(1)) : lineEnd(s, i);
        }
        if (c == '"' || c == '\'') {
            return quoteEnd(s, i, c);
        }
        if (c == '[') {
            Matcher open = LONG_BRACKET.matcher(s).region(i, s.length());
            return open.lookingAt() ? closeLong(s, open.end(), open.group(1)) : i;
        }
        return i;
    }

    private static int closeLong(String s, int from, String level) {
        int close = s.indexOf("]" + level + "]", from);
        return close < 0 ? s.length() : close + level.length() + 2;
    }

    private static int lineEnd(String s, int from) {
        int newline = s.indexOf('\n', from);
        return newline < 0 ? s.length() : newline;
    }

    private static int quoteEnd(String s, int from, char quote) {
        for (int j = from + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == quote || c == '\n') {
                return j + 1;
            }
        }
        return s.length();
    }
}
