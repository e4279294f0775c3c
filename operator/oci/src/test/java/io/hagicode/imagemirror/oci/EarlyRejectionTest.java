package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A proxy's 413 that arrives while the monolithic PUT is still streaming (nginx answers as soon as it sees the
 * Content-Length, then closes) must still be seen as a 413, so that the upload falls back to chunks.
 */
class EarlyRejectionTest {

    @Test
    void a413BeforeTheBodyIsReadFallsBackToChunks() throws Exception {
        byte[] content = TestBlobs.random(8 * 1024 * 1024, 5);
        Descriptor blob = TestBlobs.descriptor(content);
        try (RawHttpServer proxy = new RawHttpServer(request -> {
            if (request.is("POST") || request.is("PATCH")) {
                return new RawHttpServer.Answer(202, "Location: /v2/team/app/blobs/uploads/u\r\n", true);
            }
            if (request.is("PUT") && request.contentLength() > 1024 * 1024) {
                return new RawHttpServer.Answer(413, "", false);
            }
            return new RawHttpServer.Answer(request.is("PUT") ? 201 : 200, "", true);
        });
             OciRegistryClientFactory factory = new OciRegistryClientFactory(ClientOptions.defaults().withMaxAttempts(1)
                     .withChunkedUpload(1024 * 1024, false))) {
            RegistryClient client = factory.client(proxy.registry(), Credentials.ANONYMOUS, true);

            client.pushBlob(new Repository(proxy.registry(), "team/app"), blob, TestBlobs.source(content));

            List<String> lines = proxy.requestLines();
            assertThat(lines).filteredOn(l -> l.startsWith("PUT ")).hasSize(2);
            assertThat(lines).filteredOn(l -> l.startsWith("PATCH ")).hasSize(8);
            assertThat(lines).filteredOn(l -> l.startsWith("DELETE ")).hasSize(1);
            assertThat(lines.get(lines.size() - 1)).startsWith("PUT /v2/team/app/blobs/uploads/u?digest=sha256%3A");
        }
    }
}
