package io.hagicode.imagemirror.bench;

import java.util.Locale;

/** Progress lines on stderr (stdout carries only the final table), with the time since the benchmark started. */
final class Progress {
    private static final long STARTED = System.nanoTime();

    private Progress() {
    }

    static void say(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench %6.1fs] %s%n", (System.nanoTime() - STARTED) / 1e9,
                String.format(Locale.ROOT, format, args));
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static double elapsedSeconds() {
        return (System.nanoTime() - STARTED) / 1e9;
    }
}
