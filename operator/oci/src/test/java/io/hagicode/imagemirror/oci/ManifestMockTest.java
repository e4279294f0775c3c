package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Manifest HEAD, GET and PUT corners against a MockWebServer. */
class ManifestMockTest extends MockRegistryTestBase {
    private static final String TAG_PATH = "/v2/team/app/manifests/v1";
    private static final byte[] MANIFEST = TestBlobs.manifestJson("m");
    private static final Digest DIGEST = Digest.sha256(MANIFEST);

    private RegistryClient client(ClientOptions options) {
        return client(options, Credentials.ANONYMOUS);
    }

    private Repository repo() {
        return registry.repository("team/app");
    }

    private static MockResponse manifest(byte[] bytes, String contentType) {
        MockResponse response = new MockResponse().setBody(new Buffer().write(bytes));
        return contentType == null ? response : response.setHeader("Content-Type", contentType);
    }

    @Test
    void getReturnsTheExactBytesAndSendsEveryAcceptedType() {
        registry.on("GET", TAG_PATH, manifest(MANIFEST, MediaTypes.OCI_MANIFEST).setHeader("Docker-Content-Digest", DIGEST));

        Manifest got = client(registry.options()).getManifest(repo(), new Tag("v1"));

        assertThat(got.bytes()).isEqualTo(MANIFEST);
        assertThat(got.digest()).isEqualTo(DIGEST);
        assertThat(got.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        String accept = registry.requests("GET", TAG_PATH).get(0).getHeader("Accept");
        assertThat(accept.split(",\\s*")).containsAll(MediaTypes.ACCEPTED_MANIFESTS);
    }

    @Test
    void contentOfAnotherDigestThanRequestedIsAMismatchNamingBoth() {
        byte[] other = TestBlobs.manifestJson("other");
        registry.on("GET", "/v2/team/app/manifests/" + DIGEST, manifest(other, MediaTypes.OCI_MANIFEST));
        RegistryClient client = client(registry.options());

        assertThatThrownBy(() -> client.getManifest(repo(), DIGEST))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH);
                    assertThat(e.getMessage()).contains(DIGEST.toString()).contains(Digest.sha256(other).toString());
                });
    }

    @Test
    void aDockerContentDigestThatDiffersFromTheBytesIsAMismatch() {
        Digest announced = Digest.sha256(TestBlobs.utf8("something else"));
        registry.on("GET", TAG_PATH, manifest(MANIFEST, MediaTypes.OCI_MANIFEST)
                .setHeader("Docker-Content-Digest", announced));
        RegistryClient client = client(registry.options());

        assertThatThrownBy(() -> client.getManifest(repo(), new Tag("v1")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH);
                    assertThat(e.getMessage()).contains(announced.toString()).contains(DIGEST.toString());
                });
    }

    @Test
    void anOversizedManifestIsRefusedWithAndWithoutContentLength() {
        byte[] big = new byte[3000];
        java.util.Arrays.fill(big, (byte) ' ');
        registry.on("GET", TAG_PATH, manifest(big, MediaTypes.OCI_MANIFEST));
        registry.on("GET", "/v2/team/app/manifests/chunked",
                new MockResponse().setHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                        .setChunkedBody(new Buffer().write(big), 512));
        RegistryClient client = client(registry.options().withMaxManifestBytes(1000));

        for (String tag : new String[] {"v1", "chunked"}) {
            assertThatThrownBy(() -> client.getManifest(repo(), new Tag(tag)))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegistryErrorKind.TOO_LARGE);
                        assertThat(e.getMessage()).contains("1000 bytes").contains("team/app:" + tag);
                    });
        }
    }

    @Test
    void headUsesDockerContentDigestWithoutAGet() {
        registry.on("HEAD", TAG_PATH, new MockResponse().setHeader("Content-Type", MediaTypes.DOCKER_MANIFEST)
                .setHeader("Docker-Content-Digest", DIGEST).setHeader("Content-Length", MANIFEST.length));

        Optional<Descriptor> head = client(registry.options()).headManifest(repo(), new Tag("v1"));

        assertThat(head).contains(new Descriptor(MediaTypes.DOCKER_MANIFEST, DIGEST, MANIFEST.length));
        assertThat(registry.requests("GET", TAG_PATH)).isEmpty();
    }

    @Test
    void headWithoutDockerContentDigestFallsBackToGet() {
        registry.on("HEAD", TAG_PATH, new MockResponse().setHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                .setHeader("Content-Length", MANIFEST.length));
        registry.on("GET", TAG_PATH, manifest(MANIFEST, MediaTypes.OCI_MANIFEST));

        Optional<Descriptor> head = client(registry.options()).headManifest(repo(), new Tag("v1"));

        assertThat(head).contains(new Descriptor(MediaTypes.OCI_MANIFEST, DIGEST, MANIFEST.length));
        assertThat(registry.requests("GET", TAG_PATH)).hasSize(1);
    }

    @Test
    void headOfAMissingManifestIsEmpty() {
        registry.on("HEAD", TAG_PATH, new MockResponse().setResponseCode(404));

        assertThat(client(registry.options()).headManifest(repo(), new Tag("v1"))).isEmpty();
    }

    @Test
    void anUnknownMediaTypeIsCopiedVerbatim() {
        String artifact = "application/vnd.example.thing.v1+json";
        registry.on("GET", TAG_PATH, manifest(MANIFEST, artifact + "; charset=utf-8"));
        registry.on("PUT", "/v2/team/copy/manifests/v1", new MockResponse().setResponseCode(201));
        RegistryClient client = client(registry.options());

        Manifest got = client.getManifest(repo(), new Tag("v1"));
        client.putManifest(registry.repository("team/copy"), new Tag("v1"), got);

        assertThat(got.mediaType()).isEqualTo(artifact);
        RecordedRequest put = registry.requests("PUT", "/v2/team/copy/manifests/v1").get(0);
        assertThat(put.getHeader("Content-Type")).isEqualTo(artifact);
        assertThat(put.getBody().readByteArray()).isEqualTo(MANIFEST);
    }

    @Test
    void withoutContentTypeTheMediaTypeComesFromTheManifest() {
        registry.on("GET", TAG_PATH, manifest(MANIFEST, null));

        assertThat(client(registry.options()).getManifest(repo(), new Tag("v1")).mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    }

    @Test
    void aManifestThatIsNotJsonAndHasNoTypeIsInvalid() {
        registry.on("GET", TAG_PATH, manifest(TestBlobs.utf8("not json"), null));
        RegistryClient client = client(registry.options());

        assertThatThrownBy(() -> client.getManifest(repo(), new Tag("v1"))).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.INVALID_RESPONSE));
    }

    @Test
    void aMissingManifestNamesTheRepositoryAndTheRegistryMessage() {
        registry.on("GET", TAG_PATH, new MockResponse().setResponseCode(404).setBody(
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"v1\"}}]}"));
        RegistryClient client = client(registry.options());

        assertThatThrownBy(() -> client.getManifest(repo(), new Tag("v1"))).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.kind()).isEqualTo(RegistryErrorKind.MANIFEST_UNKNOWN);
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.getMessage()).contains(registry.registry() + "/team/app:v1").contains("manifest unknown")
                    .contains("\"Tag\":\"v1\"");
        });
    }

    @Test
    void putSendsTheExactBytesWithTheirMediaType() {
        registry.on("PUT", "/v2/team/app/manifests/" + DIGEST,
                new MockResponse().setResponseCode(201).setHeader("Docker-Content-Digest", DIGEST));
        Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, MANIFEST);

        client(registry.options()).putManifest(repo(), DIGEST, manifest);

        RecordedRequest put = registry.requests("PUT", "/v2/team/app/manifests/" + DIGEST).get(0);
        assertThat(put.getHeader("Content-Type")).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(put.getBody().readByteArray()).isEqualTo(MANIFEST);
    }

    @Test
    void putUnderAnotherDigestIsRefusedBeforeSending() {
        RegistryClient client = client(registry.options());
        Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, MANIFEST);
        Digest other = Digest.sha256(new byte[] {1});

        assertThatThrownBy(() -> client.putManifest(repo(), other, manifest))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(other.toString());
        assertThat(registry.requests("PUT", ".*")).isEmpty();
    }
}
