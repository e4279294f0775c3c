package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * {@code GET /v2/<name>/blobs/<digest>}, following redirects (to object storage, without credentials), as a
 * {@link VerifyingInputStream}. Asking for {@code identity} encoding keeps OkHttp from transparently un-gzipping a
 * layer that storage marked {@code Content-Encoding: gzip}, which would change the bytes and so the digest.
 *
 * <p>A read cut mid-blob resumes ({@link ResumableBlobStream}) with {@code Range: bytes=N-} from the first byte not yet
 * handed on, sent where the bytes came from: the redirect's target when there was one, else the registry. A storage
 * URL that no longer works (403 or 404: pre-signed URLs expire) is resolved again through the registry. The answer is
 * trusted only as far as it proves itself: a 206 counts as starting where its {@code Content-Range} says, and only if
 * that range runs to the blob's end; anything else is taken as the whole blob (a 200: the registry ignored the Range)
 * and the bytes already read are skipped.
 */
final class BlobPuller {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final RegistryHttp http;

    BlobPuller(RegistryHttp http) {
        this.http = http;
    }

    InputStream open(Repository repository, Descriptor blob) {
        Read read = new Read(repository, blob);
        InputStream first;
        try {
            first = read.from(0);
        } catch (IOException e) {
            throw new RegistryException(RegistryErrorKind.NETWORK, 0, read.what + " failed: " + e.getMessage(), e);
        }
        ResumableBlobStream bytes = new ResumableBlobStream(first, read::from, read.what, 0);
        return new VerifyingInputStream(bytes, blob.digest(), blob.size(), read.what);
    }

    /**
     * {@code prefix}, then the registry's bytes from where it ended (opened only then, and not at all when the prefix
     * held the whole blob), all under one {@link VerifyingInputStream}: the same digest rule as a plain read.
     */
    InputStream open(Repository repository, Descriptor blob, InputStream prefix) {
        Read read = new Read(repository, blob);
        PrefixedBlobStream bytes = new PrefixedBlobStream(prefix,
                offset -> new ResumableBlobStream(read.from(offset), read::from, read.what, offset), blob.size(),
                read.what);
        return new VerifyingInputStream(bytes, blob.digest(), blob.size(), read.what);
    }

    /** Where the bytes of the start of {@code response}'s body sit in the blob: 0, or a valid 206's start. */
    static long startOf(Response response, long size) {
        if (response.code() != 206) {
            return 0;
        }
        Matcher m = CONTENT_RANGE.matcher(String.valueOf(response.header("Content-Range")).trim());
        if (!m.matches()) {
            return 0;
        }
        try {
            long start = Long.parseLong(m.group(1));
            long end = Long.parseLong(m.group(2));
            boolean toTheEnd = size < 0 || (end == size - 1 && (m.group(3).equals("*")
                    || Long.parseLong(m.group(3)) == size));
            return toTheEnd && start <= end ? start : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** One read of one blob, remembering where its bytes came from so that a resume goes there. */
    private final class Read {
        private final Repository repository;
        private final Descriptor blob;
        private final String what;
        private final Set<Scope> scopes;
        private final HttpUrl registryUrl;
        private HttpUrl servedFrom;

        Read(Repository repository, Descriptor blob) {
            this.repository = repository;
            this.blob = blob;
            this.what = "pulling blob " + repository + "@" + blob.digest();
            this.scopes = Scope.forPull(repository);
            this.registryUrl = http.v2(repository).addPathSegment("blobs").addPathSegment(blob.digest().toString())
                    .build();
        }

        /** The blob's bytes from {@code offset} on. */
        InputStream from(long offset) throws IOException {
            Response response;
            if (servedFrom == null || servedFrom.equals(registryUrl)) {
                response = fromRegistry(offset);
            } else {
                response = http.sendToRedirectTarget(request(servedFrom, offset), scopes, what);
                if (response.code() == 403 || response.code() == 404) {
                    // An expired pre-signed URL: the registry hands out a fresh one.
                    response.close();
                    response = fromRegistry(offset);
                }
            }
            if (!response.isSuccessful()) {
                throw RegistryHttp.failure(response, what, RegistryErrorKind.BLOB_UNKNOWN);
            }
            servedFrom = response.request().url();
            return positioned(response, offset);
        }

        private Response fromRegistry(long offset) {
            return http.sendFollowingRedirects(() -> request(registryUrl, offset), scopes, what);
        }

        private Request.Builder request(HttpUrl url, long offset) {
            Request.Builder request = new Request.Builder().url(url).get().header("Accept-Encoding", "identity");
            return offset == 0 ? request : request.header("Range", "bytes=" + offset + "-");
        }

        /** The body, past any bytes before {@code offset} that the registry sent anyway. */
        private InputStream positioned(Response response, long offset) throws IOException {
            ResponseBody body = response.body();
            long start = startOf(response, blob.size());
            long announced = body == null ? -1 : body.contentLength();
            if (body == null || start > offset
                    || (announced >= 0 && blob.size() >= 0 && announced != blob.size() - start)) {
                response.close();
                throw new RegistryException(RegistryErrorKind.DIGEST_MISMATCH, response.code(), what + " failed: the "
                        + "registry announced " + announced + " bytes from byte " + start + ", the descriptor says "
                        + blob.size() + " in all (expected digest " + blob.digest() + ")");
            }
            InputStream in = body.byteStream();
            try {
                skip(in, offset - start);
            } catch (IOException | RuntimeException e) {
                response.close();
                throw e;
            }
            return in;
        }

        private void skip(InputStream in, long bytes) throws IOException {
            byte[] scratch = new byte[64 * 1024];
            long left = bytes;
            while (left > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    throw new IOException(what + ": the answer ended " + left + " bytes before the resume offset");
                }
                left -= n;
            }
        }
    }
}
