package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

/**
 * An upload cut mid-blob continues in its session from the offset the registry kept. Distribution 2.8 never keeps a
 * session whose request was cut mid-body (it answers the GET with 404 BLOB_UPLOAD_INVALID, as the engine's
 * CutLayerResumeTest shows against the real registry), so the continuation is shown here against registries that do.
 * MockWebServer reads a whole request before answering; the cut is its connection closed instead of an answer, and
 * the session's answer to the GET says how much it kept.
 */
class UploadResumeMockTest extends MockRegistryTestBase {
    private static final String UPLOADS = "/v2/team/app/blobs/uploads/";
    private static final byte[] CONTENT = TestBlobs.random(100_000, 5);
    private static final Descriptor BLOB = TestBlobs.descriptor(CONTENT);
    private static final int KEPT = 40_000;

    private Repository repo() {
        return registry.repository("team/app");
    }

    private void sessionAt(String location) {
        registry.on("POST", UPLOADS, new MockResponse().setResponseCode(202).setHeader("Location", location));
    }

    private static MockResponse cut() {
        return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
    }

    private static MockResponse kept(long bytes, String location) {
        return new MockResponse().setResponseCode(204).setHeader("Range", "0-" + (bytes - 1))
                .setHeader("Docker-Upload-UUID", "u1").setHeader("Location", location);
    }

    @Test
    void aCutMonolithicPutContinuesWithAPatchFromTheOffsetTheSessionKept() {
        sessionAt(UPLOADS + "u1?_state=s0");
        registry.on("PUT", UPLOADS + "u1", cut(), new MockResponse().setResponseCode(201));
        registry.on("GET", UPLOADS + "u1", kept(KEPT, UPLOADS + "u1?_state=s1"));
        registry.on("PATCH", UPLOADS + "u1", new MockResponse().setResponseCode(202)
                .setHeader("Location", UPLOADS + "u1?_state=s2"));

        client(registry.options(), Credentials.ANONYMOUS).pushBlob(repo(), BLOB, TestBlobs.source(CONTENT));

        assertThat(registry.requests("POST", UPLOADS)).hasSize(1);
        RecordedRequest status = registry.requests("GET", UPLOADS + "u1").get(0);
        assertThat(status.getRequestUrl().queryParameter("_state")).isEqualTo("s0");
        RecordedRequest patch = registry.requests("PATCH", UPLOADS + "u1").get(0);
        assertThat(patch.getRequestUrl().queryParameter("_state")).isEqualTo("s1");
        assertThat(patch.getHeader("Content-Range")).isEqualTo(KEPT + "-" + (CONTENT.length - 1));
        assertThat(patch.getBody().readByteArray()).isEqualTo(Arrays.copyOfRange(CONTENT, KEPT, CONTENT.length));
        List<RecordedRequest> puts = registry.requests("PUT", UPLOADS + "u1");
        assertThat(puts).hasSize(2);
        assertThat(puts.get(1).getRequestUrl().queryParameter("_state")).isEqualTo("s2");
        assertThat(puts.get(1).getRequestUrl().queryParameter("digest")).isEqualTo(BLOB.digest().toString());
        assertThat(puts.get(1).getBodySize()).isZero();
    }

    @Test
    void chunksCutTwiceContinueEachTimeTheSessionKeptMore() {
        AtomicInteger patches = new AtomicInteger();
        sessionAt(UPLOADS + "u1?_state=0");
        // Chunks of 30,000 bytes; the second and the third PATCH are cut after the registry stored them.
        registry.on("PATCH", UPLOADS + "u1", request -> {
            int n = patches.incrementAndGet();
            return n == 2 || n == 3 ? cut() : new MockResponse().setResponseCode(202)
                    .setHeader("Location", UPLOADS + "u1?_state=p" + n);
        });
        AtomicInteger asked = new AtomicInteger();
        registry.on("GET", UPLOADS + "u1", request -> kept(asked.incrementAndGet() == 1 ? 60_000 : 90_000,
                UPLOADS + "u1?_state=g" + asked.get()));
        registry.on("PUT", UPLOADS + "u1", new MockResponse().setResponseCode(201));

        client(registry.options().withChunkedUpload(30_000, true), Credentials.ANONYMOUS)
                .pushBlob(repo(), BLOB, TestBlobs.source(CONTENT));

        assertThat(registry.requests("POST", UPLOADS)).hasSize(1);
        // Each chunk is sent once: OkHttp replays a request whose reused connection failed before any answer only
        // when its body can be replayed, and a chunk's body is one-shot, so the offset query decides what follows.
        List<RecordedRequest> sent = registry.requests("PATCH", UPLOADS + "u1");
        assertThat(sent.stream().map(r -> r.getHeader("Content-Range")))
                .containsExactly("0-29999", "30000-59999", "60000-89999", "90000-99999");
        RecordedRequest last = sent.get(sent.size() - 1);
        assertThat(last.getBody().readByteArray()).isEqualTo(Arrays.copyOfRange(CONTENT, 90_000, CONTENT.length));
        assertThat(registry.requests("PUT", UPLOADS + "u1")).hasSize(1);
    }

    @Test
    void aSessionThatIsGoneFailsTheAttemptForTheCallersRetryToStartANewOne() {
        sessionAt(UPLOADS + "u1?_state=s0");
        registry.on("PUT", UPLOADS + "u1", cut());
        registry.on("GET", UPLOADS + "u1", new MockResponse().setResponseCode(404)
                .setBody("{\"errors\":[{\"code\":\"BLOB_UPLOAD_INVALID\",\"message\":\"blob upload invalid\"}]}"));

        assertThatThrownBy(() -> client(registry.options(), Credentials.ANONYMOUS)
                .pushBlob(repo(), BLOB, TestBlobs.source(CONTENT)))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.NETWORK));

        assertThat(registry.requests("POST", UPLOADS)).hasSize(1);
        assertThat(registry.requests("PUT", UPLOADS + "u1")).hasSize(1);
        assertThat(registry.requests("PATCH", UPLOADS + "u1")).isEmpty();
    }

    @Test
    void aSessionThatKeptNothingNewIsNotContinued() {
        sessionAt(UPLOADS + "u1?_state=s0");
        registry.on("PUT", UPLOADS + "u1", cut());
        registry.on("GET", UPLOADS + "u1", new MockResponse().setResponseCode(204).setHeader("Range", "0-0"));

        assertThatThrownBy(() -> client(registry.options(), Credentials.ANONYMOUS)
                .pushBlob(repo(), BLOB, TestBlobs.source(CONTENT))).isInstanceOf(RegistryException.class);

        assertThat(registry.requests("GET", UPLOADS + "u1")).hasSize(1);
        assertThat(registry.requests("PATCH", UPLOADS + "u1")).isEmpty();
    }

    @Test
    void aFailingSourceIsNotMistakenForACutAtTheTarget() {
        sessionAt(UPLOADS + "u1?_state=s0");
        registry.on("PUT", UPLOADS + "u1", new MockResponse().setResponseCode(201));
        RegistryClient.BlobSource broken = () -> new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ < 10_000) {
                    return 7;
                }
                throw new IOException("source connection reset");
            }
        };

        assertThatThrownBy(() -> client(registry.options(), Credentials.ANONYMOUS).pushBlob(repo(), BLOB, broken))
                .isInstanceOf(RegistryException.class).hasMessageContaining("source connection reset");

        assertThat(registry.requests("GET", UPLOADS + "u1")).isEmpty();
    }
}
