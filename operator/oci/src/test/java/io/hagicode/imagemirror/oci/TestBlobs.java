package io.hagicode.imagemirror.oci;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Test content with matching digests and descriptors. */
final class TestBlobs {
    private TestBlobs() {
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static Descriptor descriptor(byte[] content) {
        return new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", Digest.sha256(content), content.length);
    }

    static RegistryClient.BlobSource source(byte[] content) {
        return () -> new ByteArrayInputStream(content);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A small OCI image manifest; the bytes are what matter, not their meaning. */
    static byte[] manifestJson(String marker) {
        return utf8("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digest.sha256(utf8(marker))
                + "\",\"size\":" + marker.length() + "},\"layers\":[]}");
    }
}
