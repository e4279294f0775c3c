package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.io.InputStream;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The chunked form of an upload: {@code PATCH} after {@code PATCH} with {@code Content-Range} (inclusive, no unit, as
 * the distribution spec writes it), each to the {@code Location} the previous one returned, then a final empty
 * {@code PUT ?digest=}. For registries behind proxies that refuse large request bodies. Each chunk is held in memory
 * (bounded by the chunk size) so that a chunk can be resent after a 401.
 */
final class ChunkedUpload {
    private final RegistryHttp http;
    private final int chunkSize;

    ChunkedUpload(RegistryHttp http, int chunkSize) {
        this.http = http;
        this.chunkSize = chunkSize;
    }

    /**
     * Uploads through the session at {@code location}, which holds the first {@code from} bytes already; returns the
     * response of the final PUT, unchecked.
     */
    Response upload(Repository repository, Descriptor blob, RegistryClient.BlobSource source, HttpUrl location,
                    long from, String what) {
        HttpUrl current = location;
        try (InputStream in = SourceReader.openAt(source, from, what)) {
            byte[] buffer = new byte[(int) Math.min(chunkSize, Math.max(blob.size() - from, 1))];
            long offset = from;
            while (offset < blob.size()) {
                int wanted = (int) Math.min(buffer.length, blob.size() - offset);
                int n = SourceReader.readFully(in, buffer, wanted, what);
                if (n < wanted) {
                    throw SourceReader.shorter(blob, blob.size() - offset - n, what);
                }
                current = patch(repository, current, buffer, n, offset, what);
                offset += n;
            }
            SourceReader.expectEnd(in, blob, what);
        } catch (IOException e) {
            throw new RegistryException(RegistryErrorKind.NETWORK, 0, what + " failed: closing the content: "
                    + e.getMessage(), e);
        }
        HttpUrl finish = UploadSessions.withDigest(current, blob.digest());
        return http.send(() -> new Request.Builder().url(finish).put(UploadSessions.emptyBody()),
                Scope.forPush(repository), what);
    }

    private HttpUrl patch(Repository repository, HttpUrl location, byte[] chunk, int length, long offset,
                          String what) {
        String range = offset + "-" + (offset + length - 1);
        try (Response response = http.send(() -> new Request.Builder().url(location)
                        .patch(UploadSessions.chunkBody(chunk, length))
                        .header("Content-Range", range),
                Scope.forPush(repository), what)) {
            if (response.code() == 413) {
                throw new RegistryException(RegistryErrorKind.TOO_LARGE, 413, what + " failed: the registry refused a "
                        + length + "-byte chunk as too large; lower the chunk size");
            }
            if (response.code() != 202 && !response.isSuccessful()) {
                throw RegistryHttp.failure(response, what, RegistryErrorKind.OTHER);
            }
            return response.header("Location") == null ? location : http.resolve(response, what);
        }
    }
}
