package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Resuming a blob read cut mid-body, in the corners a real Distribution registry cannot produce: a registry that
 * ignores {@code Range}, a 206 whose {@code Content-Range} is not what was asked, redirects to object storage and an
 * expired storage URL. (A registry that honours Range is covered against Distribution itself, in the engine's
 * CutLayerResumeTest.)
 */
class BlobResumeMockTest extends MockRegistryTestBase {
    private static final String BLOB_PATH = "/v2/team/app/blobs/sha256:.*";
    private static final byte[] CONTENT = TestBlobs.random(256 * 1024, 11);
    private static final Descriptor BLOB = TestBlobs.descriptor(CONTENT);
    private static final int HALF = CONTENT.length / 2;

    private byte[] readBlob() throws Exception {
        RegistryClient client = client(registry.options(), Credentials.ANONYMOUS);
        try (InputStream in = client.openBlob(registry.repository("team/app"), BLOB)) {
            return in.readAllBytes();
        }
    }

    /** The whole blob, its connection closed after half of it (MockWebServer cuts at half the body). */
    private static MockResponse cutHalfWay() {
        return new MockResponse().setBody(new Buffer().write(CONTENT))
                .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
    }

    /** Honours {@code Range: bytes=N-} as the distribution spec says; the whole blob without one. */
    private static MockResponse ranged(RecordedRequest request) {
        String range = request.getHeader("Range");
        if (range == null) {
            return new MockResponse().setBody(new Buffer().write(CONTENT));
        }
        int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
        return new MockResponse().setResponseCode(206)
                .setHeader("Content-Range", "bytes " + from + "-" + (CONTENT.length - 1) + "/" + CONTENT.length)
                .setBody(new Buffer().write(Arrays.copyOfRange(CONTENT, from, CONTENT.length)));
    }

    /** The first request is cut half way, the later ones answered by {@code then}. */
    private static Function<RecordedRequest, MockResponse> cutOnceThen(Function<RecordedRequest, MockResponse> then) {
        boolean[] cut = {false};
        return request -> {
            synchronized (cut) {
                if (!cut[0]) {
                    cut[0] = true;
                    return cutHalfWay();
                }
            }
            return then.apply(request);
        };
    }

    @Test
    void aCutReadResumesWithARangeFromTheLastByteItReadAndSendsNoByteTwice() throws Exception {
        registry.on("GET", BLOB_PATH, cutOnceThen(BlobResumeMockTest::ranged));

        assertThat(readBlob()).isEqualTo(CONTENT);

        List<RecordedRequest> gets = registry.requests("GET", BLOB_PATH);
        assertThat(gets).hasSize(2);
        assertThat(gets.get(0).getHeader("Range")).isNull();
        assertThat(gets.get(1).getHeader("Range")).isEqualTo("bytes=" + HALF + "-");
    }

    @Test
    void aRegistryThatIgnoresRangeSendsTheWholeBlobAndTheBytesAlreadyReadAreSkipped() throws Exception {
        registry.on("GET", BLOB_PATH, cutOnceThen(r -> new MockResponse().setBody(new Buffer().write(CONTENT))));

        assertThat(readBlob()).isEqualTo(CONTENT);

        assertThat(registry.requests("GET", BLOB_PATH)).hasSize(2);
    }

    @Test
    void a206ForAnotherRangeThanAskedIsTakenAsTheWholeBlob() throws Exception {
        // A broken cache answers 206 but names a range that does not run to the blob's end, and sends it all.
        registry.on("GET", BLOB_PATH, cutOnceThen(r -> new MockResponse().setResponseCode(206)
                .setHeader("Content-Range", "bytes 0-99/" + CONTENT.length)
                .setBody(new Buffer().write(CONTENT))));

        assertThat(readBlob()).isEqualTo(CONTENT);
    }

    @Test
    void a206ThatStartsEarlierThanAskedIsSkippedToTheResumePoint() throws Exception {
        int earlier = 1000;
        registry.on("GET", BLOB_PATH, cutOnceThen(r -> new MockResponse().setResponseCode(206)
                .setHeader("Content-Range", "bytes " + earlier + "-" + (CONTENT.length - 1) + "/" + CONTENT.length)
                .setBody(new Buffer().write(Arrays.copyOfRange(CONTENT, earlier, CONTENT.length)))));

        assertThat(readBlob()).isEqualTo(CONTENT);
    }

    @Test
    void aResumeWhoseRequestsKeepFailingEndsTheReadWithANetworkErrorAfterTheTransportsTries() {
        registry.on("GET", BLOB_PATH, cutOnceThen(r -> new MockResponse()
                .setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST)));

        assertThatThrownBy(this::readBlob).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(RegistryErrorKind.NETWORK));
        // The cut read, then the resume request with the transport's 3 tries: the one retry policy, not a second.
        assertThat(registry.requests("GET", BLOB_PATH)).hasSize(1 + 3);
    }

    @Test
    void aReadRedirectedToStorageResumesAtTheStorageWithoutCredentials() throws Exception {
        try (MockRegistry storage = MockRegistry.plain()) {
            storage.on("GET", "/bucket/blob", cutOnceThen(BlobResumeMockTest::ranged));
            registry.on("GET", BLOB_PATH, new MockResponse().setResponseCode(307)
                    .setHeader("Location", storage.origin() + "/bucket/blob?signature=abc"));

            assertThat(readBlob()).isEqualTo(CONTENT);

            assertThat(registry.requests("GET", BLOB_PATH)).hasSize(1);
            List<RecordedRequest> atStorage = storage.requests("GET", "/bucket/blob");
            assertThat(atStorage).hasSize(2);
            assertThat(atStorage.get(1).getHeader("Range")).isEqualTo("bytes=" + HALF + "-");
            assertThat(atStorage.get(1).getRequestUrl().queryParameter("signature")).isEqualTo("abc");
            assertThat(atStorage.get(1).getHeader("Authorization")).isNull();
        }
    }

    @Test
    void anExpiredStorageUrlIsResolvedAgainThroughTheRegistry() throws Exception {
        try (MockRegistry storage = MockRegistry.plain()) {
            storage.on("GET", "/bucket/blob", request -> {
                String signature = request.getRequestUrl().queryParameter("signature");
                if ("old".equals(signature)) {
                    return request.getHeader("Range") == null ? cutHalfWay()
                            : new MockResponse().setResponseCode(403).setBody("Request has expired");
                }
                return ranged(request);
            });
            registry.on("GET", BLOB_PATH,
                    new MockResponse().setResponseCode(307)
                            .setHeader("Location", storage.origin() + "/bucket/blob?signature=old"),
                    new MockResponse().setResponseCode(307)
                            .setHeader("Location", storage.origin() + "/bucket/blob?signature=new"));

            assertThat(readBlob()).isEqualTo(CONTENT);

            List<RecordedRequest> atRegistry = registry.requests("GET", BLOB_PATH);
            assertThat(atRegistry).hasSize(2);
            assertThat(atRegistry.get(1).getHeader("Range")).isEqualTo("bytes=" + HALF + "-");
            List<RecordedRequest> atStorage = storage.requests("GET", "/bucket/blob");
            assertThat(atStorage).extracting(r -> r.getRequestUrl().queryParameter("signature"))
                    .containsExactly("old", "old", "new");
            assertThat(atStorage.get(2).getHeader("Range")).isEqualTo("bytes=" + HALF + "-");
        }
    }

    @Test
    void aCorruptByteAfterAResumeStillFailsTheDigestCheck() {
        byte[] corrupt = CONTENT.clone();
        corrupt[CONTENT.length - 10] ^= 1;
        registry.on("GET", BLOB_PATH, cutOnceThen(r -> new MockResponse().setResponseCode(206)
                .setHeader("Content-Range", "bytes " + HALF + "-" + (CONTENT.length - 1) + "/" + CONTENT.length)
                .setBody(new Buffer().write(Arrays.copyOfRange(corrupt, HALF, CONTENT.length)))));

        assertThatThrownBy(this::readBlob).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH));
    }
}
