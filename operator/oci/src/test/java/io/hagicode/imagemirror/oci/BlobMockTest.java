package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Blob GET, upload and mount corners against a MockWebServer. */
class BlobMockTest extends MockRegistryTestBase {
    private static final String UPLOADS = "/v2/team/app/blobs/uploads/";
    private static final byte[] CONTENT = TestBlobs.random(25, 7);
    private static final Descriptor BLOB = TestBlobs.descriptor(CONTENT);

    private RegistryClient client(ClientOptions options) {
        return client(options, Credentials.basic("alice", "pw"));
    }

    private Repository repo() {
        return registry.repository("team/app");
    }

    private void requireBearer() {
        registry.on("GET", "/v2/", new MockResponse().setResponseCode(401).setHeader("WWW-Authenticate",
                "Bearer realm=\"" + registry.origin() + "/token\",service=\"mock\""));
        registry.on("GET", "/token", new MockResponse().setBody("{\"token\":\"t0k\"}"));
    }

    @Test
    void followsABlobRedirectToAnotherHostWithoutTheAuthorizationHeader() throws Exception {
        requireBearer();
        try (MockRegistry storage = MockRegistry.plain()) {
            storage.on("GET", "/bucket/blob", new MockResponse().setBody(new Buffer().write(CONTENT)));
            registry.on("GET", "/v2/team/app/blobs/sha256:.*", new MockResponse().setResponseCode(307)
                    .setHeader("Location", storage.origin() + "/bucket/blob?signature=abc"));

            byte[] read;
            try (InputStream in = client(registry.options()).openBlob(repo(), BLOB)) {
                read = in.readAllBytes();
            }

            assertThat(read).isEqualTo(CONTENT);
            RecordedRequest atRegistry = registry.requests("GET", "/v2/team/app/blobs/sha256:.*").get(0);
            assertThat(atRegistry.getHeader("Authorization")).isEqualTo("Bearer t0k");
            RecordedRequest atStorage = storage.requests("GET", "/bucket/blob").get(0);
            assertThat(atStorage.getHeader("Authorization")).isNull();
            assertThat(atStorage.getRequestUrl().queryParameter("signature")).isEqualTo("abc");
        }
    }

    @Test
    void aCorruptBlobFailsWithDigestMismatchNamingTheDigest() throws Exception {
        byte[] corrupt = CONTENT.clone();
        corrupt[3] ^= 1;
        registry.on("GET", "/v2/team/app/blobs/sha256:.*", new MockResponse().setBody(new Buffer().write(corrupt)));

        try (InputStream in = client(registry.options()).openBlob(repo(), BLOB)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.kind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH);
                assertThat(e.getMessage()).contains(BLOB.digest().toString());
            });
        }
    }

    @Test
    void aBlobLongerThanDeclaredFailsAsSoonAsTheExtraBytesArrive() throws Exception {
        byte[] longer = Arrays.copyOf(CONTENT, CONTENT.length + 10);
        // Chunked, so no Content-Length gives it away before the bytes do.
        registry.on("GET", "/v2/team/app/blobs/sha256:.*",
                new MockResponse().setChunkedBody(new Buffer().write(longer), 5));

        try (InputStream in = client(registry.options()).openBlob(repo(), BLOB)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.kind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH);
                assertThat(e.getMessage()).contains(BLOB.digest().toString());
            });
        }
    }

    @Test
    void uploadsToARelativeLocationThatAlreadyHasAQuery() {
        registry.on("POST", UPLOADS, new MockResponse().setResponseCode(202)
                .setHeader("Location", "/v2/team/app/blobs/uploads/u1?_state=abc"));
        registry.on("PUT", "/v2/team/app/blobs/uploads/u1", new MockResponse().setResponseCode(201));

        client(registry.options()).pushBlob(repo(), BLOB, TestBlobs.source(CONTENT));

        RecordedRequest put = registry.requests("PUT", "/v2/team/app/blobs/uploads/u1").get(0);
        assertThat(put.getRequestUrl().queryParameter("_state")).isEqualTo("abc");
        assertThat(put.getRequestUrl().queryParameter("digest")).isEqualTo(BLOB.digest().toString());
        assertThat(put.getBody().readByteArray()).isEqualTo(CONTENT);
        assertThat(put.getHeader("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(put.getHeader("Content-Length")).isEqualTo(Integer.toString(CONTENT.length));
    }

    @Test
    void uploadsToAnAbsoluteLocation() {
        registry.on("POST", UPLOADS, new MockResponse().setResponseCode(202)
                .setHeader("Location", registry.origin() + "/v2/team/app/blobs/uploads/u2"));
        registry.on("PUT", "/v2/team/app/blobs/uploads/u2", new MockResponse().setResponseCode(201));

        client(registry.options()).pushBlob(repo(), BLOB, TestBlobs.source(CONTENT));

        RecordedRequest put = registry.requests("PUT", "/v2/team/app/blobs/uploads/u2").get(0);
        assertThat(put.getPath()).isEqualTo("/v2/team/app/blobs/uploads/u2?digest=" + BLOB.digest().toString()
                .replace(":", "%3A"));
        assertThat(put.getBody().readByteArray()).isEqualTo(CONTENT);
    }

    @Test
    void fallsBackToChunksWhenTheMonolithicPutIsTooLarge() {
        AtomicInteger sessions = new AtomicInteger();
        registry.on("POST", UPLOADS, request -> new MockResponse().setResponseCode(202)
                .setHeader("Location", "/v2/team/app/blobs/uploads/s" + sessions.incrementAndGet()));
        registry.on("PUT", "/v2/team/app/blobs/uploads/s1", new MockResponse().setResponseCode(413));
        registry.on("DELETE", "/v2/team/app/blobs/uploads/s1", new MockResponse().setResponseCode(204));
        AtomicInteger chunks = new AtomicInteger();
        registry.on("PATCH", "/v2/team/app/blobs/uploads/s2.*", request -> new MockResponse().setResponseCode(202)
                .setHeader("Location", "/v2/team/app/blobs/uploads/s2-" + chunks.incrementAndGet()));
        registry.on("PUT", "/v2/team/app/blobs/uploads/s2-3", new MockResponse().setResponseCode(201));

        client(registry.options().withChunkedUpload(10, false)).pushBlob(repo(), BLOB, TestBlobs.source(CONTENT));

        List<RecordedRequest> patches = registry.requests("PATCH", "/v2/team/app/blobs/uploads/s2.*");
        assertThat(patches).extracting(r -> r.getHeader("Content-Range")).containsExactly("0-9", "10-19", "20-24");
        assertThat(patches).extracting(RecordedRequest::getPath).containsExactly("/v2/team/app/blobs/uploads/s2",
                "/v2/team/app/blobs/uploads/s2-1", "/v2/team/app/blobs/uploads/s2-2");
        Buffer uploaded = new Buffer();
        patches.forEach(p -> uploaded.write(p.getBody().readByteArray()));
        assertThat(uploaded.readByteArray()).isEqualTo(CONTENT);
        RecordedRequest last = registry.requests("PUT", "/v2/team/app/blobs/uploads/s2-3").get(0);
        assertThat(last.getRequestUrl().queryParameter("digest")).isEqualTo(BLOB.digest().toString());
        assertThat(last.getBodySize()).isZero();
        assertThat(registry.requests("DELETE", "/v2/team/app/blobs/uploads/s1")).hasSize(1);
    }

    @Test
    void anUploadIsOneAttemptWhoseRequestsAreNotRepeated() {
        // The caller retries an upload as a whole (reading its content again); a retry in here too would multiply.
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger sessions = new AtomicInteger();
        registry.on("POST", UPLOADS, request -> sessions.incrementAndGet() == 1 ? new MockResponse().setResponseCode(503)
                : new MockResponse().setResponseCode(202).setHeader("Location", "/v2/team/app/blobs/uploads/a2"));
        registry.on("PUT", "/v2/team/app/blobs/uploads/a2", new MockResponse().setResponseCode(500));
        registry.on("DELETE", "/v2/team/app/blobs/uploads/a2", new MockResponse().setResponseCode(204));
        RegistryClient client = client(registry.options());
        RegistryClient.BlobSource content = () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(CONTENT);
        };

        assertThatThrownBy(() -> client.pushBlob(repo(), BLOB, content)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(registry.requests("POST", UPLOADS)).hasSize(1);
        assertThat(opened).hasValue(0);

        assertThatThrownBy(() -> client.pushBlob(repo(), BLOB, content)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.SERVER_ERROR));
        assertThat(registry.requests("PUT", "/v2/team/app/blobs/uploads/a2")).hasSize(1);
        assertThat(opened).hasValue(1);
        assertThat(registry.requests("DELETE", "/v2/team/app/blobs/uploads/a2")).as("the session is cancelled").hasSize(1);
    }

    @Test
    void aTokenFetchForAnUploadIsNotRepeatedEither() {
        requireBearer();
        registry.on("GET", "/token", new MockResponse().setResponseCode(503));
        RegistryClient client = client(registry.options());

        assertThatThrownBy(() -> client.pushBlob(repo(), BLOB, TestBlobs.source(CONTENT)))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(registry.requests("GET", "/token")).hasSize(1);

        assertThatThrownBy(() -> client.hasBlob(repo(), BLOB.digest()))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(registry.requests("GET", "/token")).as("a HEAD's token fetch has the HEAD's tries").hasSize(1 + 3);
    }

    @Test
    void aMountIsNotRepeatedAndAFailedOneMeansUpload() {
        registry.on("POST", UPLOADS, new MockResponse().setResponseCode(503));

        boolean mounted = client(registry.options()).mountBlob(repo(), BLOB.digest(), registry.repository("team/base"));

        assertThat(mounted).isFalse();
        assertThat(registry.requests("POST", UPLOADS)).hasSize(1);
    }

    @Test
    void aCorruptSourceNeverCompletesAnUpload() {
        byte[] corrupt = CONTENT.clone();
        corrupt[0] ^= 1;
        registry.on("POST", UPLOADS, new MockResponse().setResponseCode(202)
                .setHeader("Location", "/v2/team/app/blobs/uploads/c1"));
        registry.on("PUT", "/v2/team/app/blobs/uploads/c1", new MockResponse().setResponseCode(201));
        RegistryClient client = client(registry.options());

        assertThatThrownBy(() -> client.pushBlob(repo(), BLOB, () -> new VerifyingInputStream(
                new ByteArrayInputStream(corrupt), BLOB.digest(), BLOB.size(), "reading the source")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH);
                    assertThat(e.getMessage()).contains(BLOB.digest().toString());
                });
        assertThat(registry.requests("PUT", "/v2/team/app/blobs/uploads/c1"))
                .noneMatch(put -> put.getBodySize() == CONTENT.length);
    }

    @Test
    void aSessionAnswered201NeedsNoUpload() {
        registry.on("POST", UPLOADS, new MockResponse().setResponseCode(201));

        client(registry.options()).pushBlob(repo(), BLOB, TestBlobs.source(CONTENT));

        assertThat(registry.requests("PUT", ".*")).isEmpty();
    }

    @Test
    void aRefusedPutOfABlobTheRegistryAlreadyHasCountsAsDone() {
        registry.on("POST", UPLOADS, new MockResponse().setResponseCode(202)
                .setHeader("Location", "/v2/team/app/blobs/uploads/e1"));
        registry.on("PUT", "/v2/team/app/blobs/uploads/e1", new MockResponse().setResponseCode(400)
                .setBody("{\"errors\":[{\"code\":\"BLOB_UPLOAD_INVALID\",\"message\":\"exists\"}]}"));
        registry.on("HEAD", "/v2/team/app/blobs/sha256:.*", new MockResponse().setResponseCode(200));

        client(registry.options()).pushBlob(repo(), BLOB, TestBlobs.source(CONTENT));

        assertThat(registry.requests("HEAD", "/v2/team/app/blobs/sha256:.*")).hasSize(1);
    }

    @Test
    void mountAnswered201IsDone() {
        registry.on("POST", UPLOADS, new MockResponse().setResponseCode(201));

        boolean mounted = client(registry.options()).mountBlob(repo(), BLOB.digest(), registry.repository("team/base"));

        assertThat(mounted).isTrue();
        RecordedRequest post = registry.requests("POST", UPLOADS).get(0);
        assertThat(post.getRequestUrl().queryParameter("mount")).isEqualTo(BLOB.digest().toString());
        assertThat(post.getRequestUrl().queryParameter("from")).isEqualTo("team/base");
    }

    @Test
    void mountAnswered202CancelsTheSessionAndReturnsFalse() {
        registry.on("POST", UPLOADS, new MockResponse().setResponseCode(202)
                .setHeader("Location", "/v2/team/app/blobs/uploads/m1"));
        registry.on("DELETE", "/v2/team/app/blobs/uploads/m1", new MockResponse().setResponseCode(204));

        boolean mounted = client(registry.options()).mountBlob(repo(), BLOB.digest(), registry.repository("team/base"));

        assertThat(mounted).isFalse();
        assertThat(registry.requests("DELETE", "/v2/team/app/blobs/uploads/m1")).hasSize(1);
    }

    @Test
    void mountAsksForPushOnTheTargetAndPullOnTheSource() {
        requireBearer();
        registry.on("POST", UPLOADS, new MockResponse().setResponseCode(201));

        client(registry.options()).mountBlob(repo(), BLOB.digest(), registry.repository("team/base"));

        RecordedRequest token = registry.requests("GET", "/token").get(0);
        assertThat(token.getRequestUrl().queryParameterValues("scope"))
                .containsExactlyInAnyOrder("repository:team/app:pull,push", "repository:team/base:pull");
    }

    @Test
    void aMountDeniedIsReported() {
        registry.on("POST", UPLOADS, new MockResponse().setResponseCode(403)
                .setBody("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}"));
        RegistryClient client = client(registry.options());

        assertThatThrownBy(() -> client.mountBlob(repo(), BLOB.digest(), registry.repository("team/base")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.DENIED));
    }

    @Test
    void blobHeadTellsPresenceAndAbsence() {
        registry.on("HEAD", "/v2/team/app/blobs/" + BLOB.digest(), new MockResponse().setResponseCode(200));
        RegistryClient client = client(registry.options());

        assertThat(client.hasBlob(repo(), BLOB.digest())).isTrue();
        assertThat(client.hasBlob(repo(), Digest.sha256(new byte[] {1}))).isFalse();
    }
}
