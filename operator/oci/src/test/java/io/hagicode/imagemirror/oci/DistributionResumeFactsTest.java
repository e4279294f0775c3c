package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.RegistryExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Distribution 2.8 does that resuming relies on, asked with plain HTTP and read with the client's own parsers:
 * a session's {@code GET} says how much it holds ({@code Range}, {@code Docker-Upload-UUID}); a blob GET honours
 * {@code Range}; and a session whose request was cut mid-body is gone (404 BLOB_UPLOAD_INVALID), which is why a cut
 * upload to Distribution starts again in a new session.
 */
class DistributionResumeFactsTest {
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private static final byte[] CONTENT = TestBlobs.random(3000, 9);
    private final OkHttpClient http = new OkHttpClient();

    private Response send(Request.Builder request) throws Exception {
        return http.newCall(request.build()).execute();
    }

    private HttpUrl newSession(DistributionRegistry registry) throws Exception {
        try (Response post = send(new Request.Builder().url("http://" + registry.hostPort() + "/v2/facts/app/blobs/uploads/")
                .post(UploadSessions.emptyBody()))) {
            assertThat(post.code()).isEqualTo(202);
            return post.request().url().resolve(post.header("Location"));
        }
    }

    private HttpUrl patch(HttpUrl location, int from, int to) throws Exception {
        try (Response patch = send(new Request.Builder().url(location).header("Content-Range", from + "-" + (to - 1))
                .patch(RequestBody.create(Arrays.copyOfRange(CONTENT, from, to), UploadSessions.OCTET_STREAM)))) {
            assertThat(patch.code()).isEqualTo(202);
            return patch.request().url().resolve(patch.header("Location"));
        }
    }

    @Test
    void aSessionsGetSaysHowManyBytesItHolds() throws Exception {
        DistributionRegistry registry = registries.plain();
        HttpUrl location = newSession(registry);
        try (Response fresh = send(new Request.Builder().url(location).get())) {
            assertThat(fresh.code()).isEqualTo(204);
            assertThat(UploadSessions.keptBytes(fresh.header("Range"))).hasValue(0);
        }

        HttpUrl next = patch(location, 0, 1000);

        try (Response status = send(new Request.Builder().url(next).get())) {
            assertThat(status.code()).isEqualTo(204);
            assertThat(status.header("Range")).isEqualTo("0-999");
            assertThat(UploadSessions.keptBytes(status.header("Range"))).hasValue(1000);
            assertThat(status.header("Docker-Upload-UUID")).isNotBlank();
            assertThat(status.header("Location")).isNotBlank();
        }
    }

    @Test
    void aSessionWhoseRequestWasCutMidBodyIsGone() throws Exception {
        DistributionRegistry registry = registries.plain();
        HttpUrl location = patch(newSession(registry), 0, 1000);
        // A PATCH announcing 2000 bytes, cut after 500 of them.
        try (Socket socket = new Socket(location.host(), location.port())) {
            OutputStream out = socket.getOutputStream();
            String target = location.encodedPath() + "?" + location.encodedQuery();
            out.write(("PATCH " + target + " HTTP/1.1\r\nHost: " + registry.hostPort() + "\r\nContent-Type: "
                    + "application/octet-stream\r\nContent-Range: 1000-2999\r\nContent-Length: 2000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(CONTENT, 1000, 500);
            out.flush();
        }
        Thread.sleep(300); // the registry notices the cut and stores what it got

        try (Response status = send(new Request.Builder().url(location).get())) {
            assertThat(status.code()).isEqualTo(404);
            assertThat(status.body().string()).contains("BLOB_UPLOAD_INVALID");
        }
    }

    @Test
    void aBlobGetHonoursRange() throws Exception {
        DistributionRegistry registry = registries.plain();
        HttpUrl last = patch(newSession(registry), 0, CONTENT.length);
        Digest digest = Digest.sha256(CONTENT);
        try (Response put = send(new Request.Builder().url(UploadSessions.withDigest(last, digest))
                .put(UploadSessions.emptyBody()))) {
            assertThat(put.code()).isEqualTo(201);
        }

        try (Response ranged = send(new Request.Builder()
                .url("http://" + registry.hostPort() + "/v2/facts/app/blobs/" + digest).header("Range", "bytes=1234-"))) {
            assertThat(ranged.code()).isEqualTo(206);
            assertThat(ranged.header("Content-Range")).isEqualTo("bytes 1234-2999/3000");
            assertThat(BlobPuller.startOf(ranged, CONTENT.length)).isEqualTo(1234);
            assertThat(ranged.body().bytes()).isEqualTo(Arrays.copyOfRange(CONTENT, 1234, CONTENT.length));
        }
    }
}
