package io.hagicode.imagemirror.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Builds a layer blob: a ustar archive with one regular file of seeded random (incompressible) bytes, gzip'd.
 * Everything that could vary (mtime, owner, gzip header time) is fixed, so equal specs give equal bytes.
 *
 * @param tar     the uncompressed archive (its sha256 is the config's diff_id)
 * @param tarGzip the blob as pushed
 */
record TarGzLayer(byte[] tar, byte[] tarGzip) {
    private static final int BLOCK = 512;

    static TarGzLayer build(LayerSpec spec) {
        byte[] content = new byte[spec.size()];
        new SplittableRandom(spec.seed()).nextBytes(content);
        byte[] tar = tar("testkit/layer-" + Long.toUnsignedString(spec.seed(), 16) + ".bin", content);
        return new TarGzLayer(tar, gzip(tar));
    }

    static byte[] tar(String name, byte[] content) {
        int padded = (content.length + BLOCK - 1) / BLOCK * BLOCK;
        byte[] out = new byte[BLOCK + padded + 2 * BLOCK]; // header, data, two zero blocks as end marker
        writeHeader(out, name, content.length);
        System.arraycopy(content, 0, out, BLOCK, content.length);
        return out;
    }

    private static void writeHeader(byte[] h, String name, long size) {
        put(h, 0, 100, name);
        put(h, 100, 8, "0000644");
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size));
        put(h, 136, 12, "00000000000");
        h[156] = '0'; // regular file
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        // The checksum is computed with its own field read as eight spaces.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += h[i] & 0xff;
        }
        put(h, 148, 7, String.format("%06o", sum));
        h[155] = ' ';
    }

    private static void put(byte[] h, int offset, int length, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        if (b.length > length) {
            throw new IllegalArgumentException("tar header field too long: " + value);
        }
        System.arraycopy(b, 0, h, offset, b.length);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(data.length + 1024);
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }
}
