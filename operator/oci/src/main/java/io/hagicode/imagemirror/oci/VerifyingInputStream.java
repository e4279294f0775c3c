package io.hagicode.imagemirror.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A blob stream that checks size and digest as the bytes flow. The digest is checked in the read that delivers the
 * last declared byte, and on a mismatch that read throws instead of returning them, so a consumer (an upload) never
 * holds the complete corrupt content; a byte beyond the declared size fails at once. Failures are
 * {@link RegistryException}s naming the expected digest; I/O failures of the underlying stream become
 * {@link RegistryErrorKind#NETWORK} errors naming the blob.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final long size;
    private final String what;
    private final MessageDigest hasher;
    private long count;
    private boolean verified;

    /** @param size the declared size, or a negative number when unknown (then the digest is checked at EOF) */
    VerifyingInputStream(InputStream in, Digest expected, long size, String what) {
        super(in);
        this.expected = expected;
        this.size = size;
        this.what = what;
        this.hasher = expected.newHasher();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            throw new RegistryException(RegistryErrorKind.NETWORK, 0, what + " failed while reading: " + e.getMessage(), e);
        }
        if (n < 0) {
            if (!verified) {
                verify();
            }
            return -1;
        }
        if (verified || (size >= 0 && count + n > size)) {
            throw mismatch("the registry sent more than the declared " + size + " bytes");
        }
        hasher.update(buffer, offset, n);
        count += n;
        if (count == size) {
            verify();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be hashed.
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readLimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void verify() {
        verified = true;
        if (size >= 0 && count != size) {
            throw mismatch("the stream ended after " + count + " of the declared " + size + " bytes");
        }
        byte[] hashed = hasher.digest();
        if (!expected.matches(hashed)) {
            Digest actual = new Digest(expected.algorithm(), java.util.HexFormat.of().formatHex(hashed));
            throw new RegistryException(RegistryErrorKind.DIGEST_MISMATCH, 0,
                    what + " failed: the content has digest " + actual + ", not the expected " + expected);
        }
    }

    private RegistryException mismatch(String why) {
        return new RegistryException(RegistryErrorKind.DIGEST_MISMATCH, 0, what + " failed: " + why
                + " (expected digest " + expected + ")");
    }
}
