package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.io.InputStream;

/** Reading upload content from a {@link RegistryClient.BlobSource}, with its failures as {@link RegistryException}s. */
final class SourceReader {
    private SourceReader() {
    }

    static InputStream open(RegistryClient.BlobSource source, String what) {
        InputStream in = source.open();
        if (in == null) {
            throw new IllegalStateException(what + ": the blob source opened no stream");
        }
        return in;
    }

    /** The content from byte {@code offset} on. */
    static InputStream openAt(RegistryClient.BlobSource source, long offset, String what) {
        InputStream in = offset == 0 ? source.open() : source.openAt(offset);
        if (in == null) {
            throw new IllegalStateException(what + ": the blob source opened no stream");
        }
        return in;
    }

    /** Like {@link InputStream#read(byte[], int, int)}; an I/O failure of the source is a NETWORK error. */
    static int read(InputStream in, byte[] buffer, int length, String what) {
        try {
            return in.read(buffer, 0, length);
        } catch (IOException e) {
            throw new RegistryException(RegistryErrorKind.NETWORK, 0,
                    what + " failed: reading the content failed: " + e.getMessage(), e);
        }
    }

    /** Fills {@code buffer} up to {@code length} bytes unless the source ends first; returns the count read. */
    static int readFully(InputStream in, byte[] buffer, int length, String what) {
        int total = 0;
        while (total < length) {
            int n;
            try {
                n = in.read(buffer, total, length - total);
            } catch (IOException e) {
                throw new RegistryException(RegistryErrorKind.NETWORK, 0,
                        what + " failed: reading the content failed: " + e.getMessage(), e);
            }
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** After the declared size: the source must be at its end (reading it also lets a verifying stream finish). */
    static void expectEnd(InputStream in, Descriptor blob, String what) {
        byte[] probe = new byte[1];
        if (read(in, probe, 1, what) >= 0) {
            throw new RegistryException(RegistryErrorKind.DIGEST_MISMATCH, 0, what + " failed: the content is longer "
                    + "than the declared " + blob.size() + " bytes (expected digest " + blob.digest() + ")");
        }
    }

    static RegistryException shorter(Descriptor blob, long missing, String what) {
        return new RegistryException(RegistryErrorKind.DIGEST_MISMATCH, 0, what + " failed: the content ended "
                + missing + " bytes short of the declared " + blob.size() + " (expected digest " + blob.digest() + ")");
    }
}
