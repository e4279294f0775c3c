package io.hagicode.imagemirror.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Signs RS256 JWTs the way Distribution 2.8 verifies them: it has no JWKS support and finds the key by the header's
 * {@code kid}, which must be the libtrust key ID of a public key in its rootcertbundle.
 */
final class JwtSigner {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private final KeyPair keyPair;
    private final String keyId;

    JwtSigner(KeyPair keyPair) {
        this.keyPair = keyPair;
        this.keyId = libtrustKeyId(keyPair.getPublic().getEncoded());
    }

    String keyId() {
        return keyId;
    }

    String sign(Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("kid", keyId);
        String signingInput = B64URL.encodeToString(OciLayoutWriter.json(header)) + "."
                + B64URL.encodeToString(OciLayoutWriter.json(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keyPair.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    /**
     * libtrust's key ID: SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32 without padding, in
     * ':'-separated groups of four.
     */
    static String libtrustKeyId(byte[] subjectPublicKeyInfo) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo);
            String b32 = base32(Arrays.copyOf(hash, 30));
            StringJoiner groups = new StringJoiner(":");
            for (int i = 0; i < b32.length(); i += 4) {
                groups.add(b32.substring(i, Math.min(i + 4, b32.length())));
            }
            return groups.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4648 base32 without padding (30 bytes encode to exactly 48 characters). */
    static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
