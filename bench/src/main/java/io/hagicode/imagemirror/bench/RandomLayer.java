package io.hagicode.imagemirror.bench;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Streams a layer blob of seeded random bytes: a ustar archive holding one file, gzip'd with stored (uncompressed)
 * deflate blocks. Random bytes do not compress, so deflating them would only burn the CPU the benchmark measures;
 * the blob stays a valid {@code tar+gzip} layer, which skopeo copies as is (an uncompressed media type would make
 * skopeo recompress it and change the digests). Nothing is buffered beyond 1 MiB, so a 2 GiB layer costs no memory.
 */
final class RandomLayer {
    private static final int BLOCK = 512;
    private static final int CHUNK = 1 << 20;

    private RandomLayer() {
    }

    /** Writes the blob of {@code contentBytes} random bytes drawn from {@code seed} to {@code sink} (left open). */
    static LayerBlob write(long seed, long contentBytes, OutputStream sink) throws IOException {
        MessageDigest blobSha = Sha256.newDigest();
        MessageDigest tarSha = Sha256.newDigest();
        CountingStream counted = new CountingStream(new DigestOutputStream(sink, blobSha));
        GZIPOutputStream gzip = new GZIPOutputStream(counted, CHUNK) {
            {
                def.setLevel(Deflater.NO_COMPRESSION);
            }
        };
        DigestOutputStream tar = new DigestOutputStream(gzip, tarSha);
        tar.write(header("bench/layer-" + Long.toUnsignedString(seed, 16) + ".bin", contentBytes));
        byte[] buffer = new byte[CHUNK];
        SplittableRandom random = new SplittableRandom(seed);
        for (long left = contentBytes; left > 0; ) {
            int n = (int) Math.min(buffer.length, left);
            random.nextBytes(buffer);
            tar.write(buffer, 0, n);
            left -= n;
        }
        long padding = (BLOCK - contentBytes % BLOCK) % BLOCK;
        tar.write(new byte[(int) padding + 2 * BLOCK]); // pad the file, then the two zero blocks that end a tar
        tar.close(); // ends the gzip stream and frees its deflater; CountingStream keeps the sink open
        return new LayerBlob(Sha256.format(blobSha), counted.count, Sha256.format(tarSha));
    }

    private static byte[] header(String name, long size) {
        byte[] h = new byte[BLOCK];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        // The checksum is summed with its own field read as eight spaces.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int offset, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
    }

    /** Counts bytes on their way to the sink, and never closes it (the HTTP client owns it). */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
