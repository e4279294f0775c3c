package io.hagicode.imagemirror.app.cli;

import java.util.Locale;

/** Human-readable byte counts and rates for progress lines. */
final class Sizes {
    private Sizes() {
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int unit = -1;
        while (v >= 1024 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
    }

    static String rate(long bytes, double seconds) {
        return seconds <= 0 ? "-" : bytes((long) (bytes / seconds)) + "/s";
    }

    static String shortDigest(String digest) {
        return digest == null ? "-" : digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
