package io.hagicode.imagemirror.oci;

import java.util.Arrays;

/**
 * A manifest exactly as the registry served it. The bytes are what gets pushed: re-serialising would change the
 * digest. {@code digest} is always computed from {@code bytes}, never trusted from a header.
 */
public record Manifest(String mediaType, byte[] bytes, Digest digest) {

    public static Manifest of(String mediaType, byte[] bytes) {
        return new Manifest(mediaType, bytes, Digest.sha256(bytes));
    }

    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && mediaType.equals(m.mediaType) && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + mediaType + ", " + digest + ", " + bytes.length + " bytes]";
    }
}
