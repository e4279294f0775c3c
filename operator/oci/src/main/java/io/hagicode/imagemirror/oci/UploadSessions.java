package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * Opening, querying and cancelling blob upload sessions ({@code POST /v2/<name>/blobs/uploads/}, {@code GET} and
 * {@code DELETE <location>}).
 * The session's {@code Location} may be relative or absolute and may carry a query string of its own (Distribution
 * keeps its {@code _state} there), so URLs are always resolved and extended with {@link HttpUrl}, never concatenated.
 */
final class UploadSessions {
    static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
    private static final Pattern RANGE = Pattern.compile("(?:bytes=)?0-(\\d+)");

    /** A live session: where to send its next request, and how many bytes the registry holds. */
    record Progress(HttpUrl location, long offset) {
    }

    private final RegistryHttp http;

    UploadSessions(RegistryHttp http) {
        this.http = http;
    }

    /** A new session's location; empty when the registry answered 201, i.e. it needs no upload (it has the blob). */
    Optional<HttpUrl> start(Repository repository, String what) {
        HttpUrl url = http.v2(repository).addPathSegment("blobs").addPathSegment("uploads").addPathSegment("").build();
        try (Response response = http.send(() -> new Request.Builder().url(url).post(emptyBody()),
                Scope.forPush(repository), what)) {
            if (response.code() == 201) {
                return Optional.empty();
            }
            if (response.code() != 202) {
                throw RegistryHttp.failure(response, what, RegistryErrorKind.NAME_UNKNOWN);
            }
            return Optional.of(http.resolve(response, what));
        }
    }

    /**
     * What the registry kept of the session at {@code location} ({@code GET}, whose {@code Range: 0-N} says it holds
     * bytes 0 to N); empty when the session is gone or unusable. Distribution 2.8 answers 404 BLOB_UPLOAD_INVALID
     * to a session whose last request was cut mid-body ("upload resumed at wrong offset"): there nothing can be
     * continued. It writes {@code 0-0} for an empty session, as for one of a single byte; taking it as 0 is safe, a
     * wrong guess only fails the next PATCH.
     */
    Optional<Progress> progress(Repository repository, HttpUrl location) {
        String what = "asking how far an upload to " + repository + " got";
        try (Response response = http.send(() -> new Request.Builder().url(location).get(),
                Scope.forPush(repository), what)) {
            OptionalLong kept = keptBytes(response.header("Range"));
            if (!response.isSuccessful() || kept.isEmpty()) {
                return Optional.empty();
            }
            HttpUrl next = response.header("Location") == null ? location : http.resolve(response, what);
            return Optional.of(new Progress(next, kept.getAsLong()));
        }
    }

    /** The bytes a session holds, from its {@code Range} header ({@code 0-N}, or {@code 0-0} when empty). */
    static OptionalLong keptBytes(String range) {
        Matcher m = RANGE.matcher(String.valueOf(range).trim());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        try {
            long last = Long.parseLong(m.group(1));
            return OptionalLong.of(last == 0 ? 0 : last + 1);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Best effort: an abandoned session only costs the registry some storage until it garbage-collects it. */
    void cancel(Repository repository, HttpUrl location) {
        String what = "cancelling an upload to " + repository;
        try (Response ignored = http.send(() -> new Request.Builder().url(location).delete()
                .tag(TransportRetry.class, TransportRetry.NEVER), Scope.forPush(repository), what)) {
            // Any answer will do.
        } catch (RegistryException ignored) {
            // Nothing to do: the upload's real outcome is what matters.
        }
    }

    /** {@code location} with {@code digest=} added to whatever query it has. */
    static HttpUrl withDigest(HttpUrl location, Digest digest) {
        return location.newBuilder().addQueryParameter("digest", digest.toString()).build();
    }

    static RequestBody emptyBody() {
        return RequestBody.create(new byte[0], (MediaType) null);
    }

    /**
     * A PATCH's chunk, one-shot: OkHttp would otherwise send it again on its own when a reused connection fails before
     * any answer, after the registry may have stored part of it. The session's offset, asked by the caller, decides
     * what is sent next; the upload has no retry layer but that one and the engine's.
     */
    static RequestBody chunkBody(byte[] chunk, int length) {
        RequestBody bytes = RequestBody.create(chunk, OCTET_STREAM, 0, length);
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return bytes.contentType();
            }

            @Override
            public long contentLength() throws IOException {
                return bytes.contentLength();
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                bytes.writeTo(sink);
            }
        };
    }
}
