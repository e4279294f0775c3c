package io.hagicode.imagemirror.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Reads a response body into memory, never more than a bound: a registry (or something posing as one) must not be able
 * to exhaust memory with an endless body. Reads at most {@code limit + 1} bytes, enough to tell "too large".
 */
final class BoundedBody {
    /** Error bodies: enough for any real OCI error document. */
    static final int ERROR_LIMIT = 64 * 1024;
    /** Token responses: JWTs with large claims stay well below this. */
    static final int TOKEN_LIMIT = 1024 * 1024;
    /** One page of a tag list. */
    static final int TAG_PAGE_LIMIT = 8 * 1024 * 1024;

    private BoundedBody() {
    }

    /** The body, or a {@link RegistryErrorKind#TOO_LARGE} error naming {@code what} when it exceeds {@code limit}. */
    static byte[] read(Response response, int limit, String what) {
        ResponseBody body = response.body();
        if (body == null) {
            return new byte[0];
        }
        long declared = body.contentLength();
        if (declared > limit) {
            throw tooLarge(what, limit, response.code());
        }
        try (InputStream in = body.byteStream()) {
            byte[] bytes = readAtMost(in, limit + 1);
            if (bytes.length > limit) {
                throw tooLarge(what, limit, response.code());
            }
            return bytes;
        } catch (IOException e) {
            throw NetworkFailures.toRegistryException(e, what, response.request().url().host());
        }
    }

    /** Like {@link #read} but a body too large or unreadable yields what was read; for error bodies. */
    static byte[] readQuietly(Response response, int limit) {
        ResponseBody body = response.body();
        if (body == null) {
            return new byte[0];
        }
        try (InputStream in = body.byteStream()) {
            return readAtMost(in, limit);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        int total = 0;
        while (total < max) {
            int n = in.read(buffer, 0, Math.min(buffer.length, max - total));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            total += n;
        }
        return out.toByteArray();
    }

    private static RegistryException tooLarge(String what, int limit, int status) {
        return new RegistryException(RegistryErrorKind.TOO_LARGE, status,
                what + " failed: the response is larger than the limit of " + limit + " bytes");
    }
}
