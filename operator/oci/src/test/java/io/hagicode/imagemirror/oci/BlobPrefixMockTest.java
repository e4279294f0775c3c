package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * {@link RegistryClient#openBlob(Repository, Descriptor, InputStream)}: a blob read that starts from bytes the caller
 * kept (the engine's spool) and asks the registry only for the rest, under the digest check over the whole blob.
 */
class BlobPrefixMockTest extends MockRegistryTestBase {
    private static final String BLOB_PATH = "/v2/team/app/blobs/sha256:.*";
    private static final byte[] CONTENT = TestBlobs.random(256 * 1024, 23);
    private static final Descriptor BLOB = TestBlobs.descriptor(CONTENT);
    private static final int KEPT = 100_000;

    private byte[] readWithPrefix(InputStream prefix) throws Exception {
        RegistryClient client = client(registry.options(), Credentials.ANONYMOUS);
        try (InputStream in = client.openBlob(registry.repository("team/app"), BLOB, prefix)) {
            return in.readAllBytes();
        }
    }

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

    private static InputStream kept(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    @Test
    void theRestIsAskedWithARangeFromWhereThePrefixEnds() throws Exception {
        registry.on("GET", BLOB_PATH, BlobPrefixMockTest::ranged);

        assertThat(readWithPrefix(kept(Arrays.copyOf(CONTENT, KEPT)))).isEqualTo(CONTENT);

        List<RecordedRequest> gets = registry.requests("GET", BLOB_PATH);
        assertThat(gets).hasSize(1);
        assertThat(gets.get(0).getHeader("Range")).isEqualTo("bytes=" + KEPT + "-");
    }

    @Test
    void aPrefixHoldingTheWholeBlobAsksTheRegistryNothing() throws Exception {
        registry.on("GET", BLOB_PATH, BlobPrefixMockTest::ranged);

        assertThat(readWithPrefix(kept(CONTENT))).isEqualTo(CONTENT);

        assertThat(registry.requests("GET", BLOB_PATH)).isEmpty();
    }

    @Test
    void aCorruptPrefixFailsTheDigestCheck() {
        registry.on("GET", BLOB_PATH, BlobPrefixMockTest::ranged);
        byte[] corrupt = Arrays.copyOf(CONTENT, KEPT);
        corrupt[10] ^= 1;

        assertThatThrownBy(() -> readWithPrefix(kept(corrupt))).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH));
    }

    @Test
    void aRegistryThatIgnoresRangeSendsTheWholeBlobAndThePrefixPartIsSkipped() throws Exception {
        registry.on("GET", BLOB_PATH, r -> new MockResponse().setBody(new Buffer().write(CONTENT)));

        assertThat(readWithPrefix(kept(Arrays.copyOf(CONTENT, KEPT)))).isEqualTo(CONTENT);
    }

    @Test
    void aPrefixThatFailsToReadEndsThereAndTheRestComesFromTheRegistry() throws Exception {
        registry.on("GET", BLOB_PATH, BlobPrefixMockTest::ranged);
        InputStream breaksAfterKept = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position >= KEPT) {
                    throw new IOException("disk error");
                }
                return CONTENT[position++] & 0xff;
            }
        };

        assertThat(readWithPrefix(breaksAfterKept)).isEqualTo(CONTENT);

        assertThat(registry.requests("GET", BLOB_PATH).get(0).getHeader("Range")).isEqualTo("bytes=" + KEPT + "-");
    }
}
