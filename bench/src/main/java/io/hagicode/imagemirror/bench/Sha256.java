package io.hagicode.imagemirror.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

final class Sha256 {
    private Sha256() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static String format(MessageDigest finished) {
        return "sha256:" + HexFormat.of().formatHex(finished.digest());
    }

    static String of(byte[] bytes) {
        MessageDigest d = newDigest();
        d.update(bytes);
        return format(d);
    }
}
