package io.hagicode.imagemirror.app.cli;

import io.hagicode.imagemirror.app.Bytes;

/** Rates and short digests for progress lines; byte counts are {@link Bytes}'. */
final class Sizes {
    private Sizes() {
    }

    static String rate(long bytes, double seconds) {
        return seconds <= 0 ? "-" : Bytes.human((long) (bytes / seconds)) + "/s";
    }

    static String shortDigest(String digest) {
        return digest == null ? "-" : digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
