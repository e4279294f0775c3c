package io.hagicode.imagemirror.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:0123...}; only sha256 and sha512 are accepted, as in the OCI image spec. It is
 * also a manifest {@link Reference}.
 */
public record Digest(String algorithm, String hex) implements Reference {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        boolean ok = switch (algorithm) {
            case "sha256" -> SHA256.matcher(hex).matches();
            case "sha512" -> SHA512.matcher(hex).matches();
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("invalid digest '" + algorithm + ":" + hex + "'");
        }
    }

    /** Parses {@code algorithm:hex}; the message names the value at fault. */
    public static Digest parse(String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("invalid digest '" + value + "': expected algorithm:hex");
        }
        return new Digest(value.substring(0, colon), value.substring(colon + 1));
    }

    public static Digest sha256(byte[] content) {
        return of("sha256", content);
    }

    /** The digest of {@code content} in {@code algorithm}, which must be sha256 or sha512. */
    static Digest of(String algorithm, byte[] content) {
        return new Digest(algorithm, HexFormat.of().formatHex(newMessageDigest(algorithm).digest(content)));
    }

    /** A fresh hasher for this digest's algorithm, for verifying streamed content. */
    public MessageDigest newHasher() {
        return newMessageDigest(algorithm);
    }

    /** True when {@code hashed} (the output of {@link #newHasher()}) equals this digest. */
    public boolean matches(byte[] hashed) {
        return hex.equals(HexFormat.of().formatHex(hashed));
    }

    static MessageDigest newMessageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JVM lacks " + algorithm, e);
        }
    }

    @Override
    public String in(Repository repository) {
        return repository + "@" + this;
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
