package io.hagicode.imagemirror.oci;

/**
 * A content descriptor: what a manifest says about a blob or child manifest. {@code platform} is set only for index
 * entries that declare one.
 */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform) {
    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null);
    }
}
