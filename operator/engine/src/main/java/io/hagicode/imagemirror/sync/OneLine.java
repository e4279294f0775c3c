package io.hagicode.imagemirror.sync;

/**
 * Error text as one bounded line, for failure reasons, status conditions and events: registry and exception messages
 * carry newlines and can be pages long, and a condition message or a log line needs neither. The engine and the
 * operator both use this one rule; each passes the bound its destination allows.
 */
public final class OneLine {
    private static final String NO_DETAIL = "(no detail)";
    private static final String CUT = "...";

    private OneLine() {
    }

    /**
     * Runs of whitespace become one space; text longer than {@code maxChars} is cut to that length, ending in "...";
     * null or blank text says there was no detail rather than leaving a dangling colon.
     */
    public static String of(String text, int maxChars) {
        if (maxChars <= CUT.length()) {
            throw new IllegalArgumentException("maxChars must exceed " + CUT.length() + ", was " + maxChars);
        }
        if (text == null || text.isBlank()) {
            return NO_DETAIL;
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= maxChars ? line : line.substring(0, maxChars - CUT.length()) + CUT;
    }
}
