package io.hagicode.imagemirror.app.operator.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a mirror's webhooks are received: {@code /hook/} and the SHA-256 of the token, the name and the namespace,
 * concatenated, as Flux's Receiver derives its URL. Knowing the path is knowing something only the token's holder
 * could compute, so it is never logged; a new token moves it.
 */
public final class HookPath {
    public static final String PREFIX = "/hook/";

    private HookPath() {
    }

    public static String of(String token, String namespace, String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((token + name + namespace).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
