package io.hagicode.imagemirror.app.operator.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC-SHA256 signature header of the form {@code sha256=<hex>} (GitHub's {@code X-Hub-Signature-256}, and the
 * generic format's {@code X-Signature}), checked in constant time. A mismatch says only that it did not match.
 */
final class HmacSignature {
    private static final String PREFIX = "sha256=";

    private HmacSignature() {
    }

    static void verify(Optional<String> header, String headerName, byte[] body, byte[] key) {
        String value = header.orElseThrow(() -> new RejectedEventException(401, headerName + " is missing"));
        if (!value.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            throw new RejectedEventException(401, headerName + " must be sha256=<hex>");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(PREFIX.length()).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RejectedEventException(401, headerName + " must be sha256=<hex>");
        }
        if (!MessageDigest.isEqual(given, sign(body, key))) {
            throw new RejectedEventException(401, headerName + " does not match the body");
        }
    }

    static byte[] sign(byte[] body, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is in every JVM and takes any non-empty key", e);
        }
    }

    /** The header value a sender computes for {@code body}; for tests and the docs' example. */
    static String header(String body, String key) {
        return PREFIX + HexFormat.of().formatHex(sign(body.getBytes(StandardCharsets.UTF_8),
                key.getBytes(StandardCharsets.UTF_8)));
    }
}
