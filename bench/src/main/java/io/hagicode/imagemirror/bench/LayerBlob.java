package io.hagicode.imagemirror.bench;

/**
 * A layer as pushed.
 *
 * @param digest digest of the blob (the gzip'd archive)
 * @param size   bytes of the blob
 * @param diffId digest of the uncompressed archive, for the image config's rootfs
 */
record LayerBlob(String digest, long size, String diffId) {
}
