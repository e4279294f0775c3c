package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** VerifyingInputStream, Link headers and manifest media types. */
class StreamsAndHeadersTest {
    private static final byte[] CONTENT = TestBlobs.random(1000, 3);
    private static final Digest DIGEST = Digest.sha256(CONTENT);

    private static InputStream verifying(byte[] served, long size) {
        return new VerifyingInputStream(new ByteArrayInputStream(served), DIGEST, size, "pulling blob x");
    }

    @Test
    void passesMatchingContentThrough() throws IOException {
        assertThat(verifying(CONTENT, CONTENT.length).readAllBytes()).isEqualTo(CONTENT);
        assertThat(verifying(CONTENT, -1).readAllBytes()).isEqualTo(CONTENT);
    }

    @Test
    void byteByByteReadsAreVerifiedToo() throws IOException {
        InputStream in = verifying(CONTENT, CONTENT.length);
        for (int i = 0; i < CONTENT.length; i++) {
            assertThat(in.read()).isEqualTo(CONTENT[i] & 0xff);
        }
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void corruptContentFailsInTheReadThatCompletesIt() throws IOException {
        byte[] corrupt = CONTENT.clone();
        corrupt[500] ^= 1;
        InputStream in = verifying(corrupt, CONTENT.length);
        byte[] head = in.readNBytes(999);

        assertThat(head).hasSize(999);
        assertThatThrownBy(in::read).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.kind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH);
            assertThat(e.getMessage()).contains("expected " + DIGEST).contains("pulling blob x");
        });
    }

    @Test
    void shortAndLongContentFail() {
        assertThatThrownBy(() -> verifying(Arrays.copyOf(CONTENT, 999), CONTENT.length).readAllBytes())
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.getMessage()).contains("ended after 999").contains(DIGEST.toString()));
        assertThatThrownBy(() -> verifying(Arrays.copyOf(CONTENT, 1001), CONTENT.length).readAllBytes())
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH));
        assertThatThrownBy(() -> verifying(Arrays.copyOf(CONTENT, 1001), -1).readAllBytes())
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH));
    }

    @Test
    void anIoFailureOfTheUnderlyingStreamIsANetworkError() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("reset");
            }
        };
        InputStream in = new VerifyingInputStream(broken, DIGEST, 10, "pulling blob y");

        assertThatThrownBy(in::read).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.kind()).isEqualTo(RegistryErrorKind.NETWORK);
            assertThat(e.getMessage()).contains("pulling blob y").contains("reset");
        });
    }

    @Test
    void findsTheNextLink() {
        assertThat(LinkHeader.next(List.of("</v2/x/tags/list?n=2&last=b>; rel=\"next\""))).contains("/v2/x/tags/list?n=2&last=b");
        assertThat(LinkHeader.next(List.of("<https://a/prev>; rel=\"prev\", <https://a/next>; type=\"x\"; rel=\"next\"")))
                .contains("https://a/next");
        assertThat(LinkHeader.next(List.of("<https://a/p>; rel=prev", "<https://a/n>; rel=\"last next\"")))
                .contains("https://a/n");
        assertThat(LinkHeader.next(List.of("<https://a/prev>; rel=\"prev\""))).isEmpty();
        assertThat(LinkHeader.next(List.of())).isEmpty();
    }

    @Test
    void manifestMediaTypes() {
        byte[] typed = TestBlobs.manifestJson("x");
        byte[] untypedIndex = TestBlobs.utf8("{\"schemaVersion\":2,\"manifests\":[]}");

        assertThat(ManifestMediaType.of("application/vnd.custom+json; charset=utf-8", typed, "op"))
                .isEqualTo("application/vnd.custom+json");
        assertThat(ManifestMediaType.of(null, typed, "op")).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(ManifestMediaType.of("application/json", untypedIndex, "op")).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(ManifestMediaType.of("application/json", TestBlobs.utf8("{}"), "op")).isEqualTo("application/json");
        assertThatThrownBy(() -> ManifestMediaType.of(null, TestBlobs.utf8("{}"), "op"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.INVALID_RESPONSE));
    }


    @Test
    void registryNamesAreValidatedAndNormalised() {
        assertThat(RegistryHost.of("docker.io")).isEqualTo(new RegistryHost("docker.io", "registry-1.docker.io"));
        assertThat(RegistryHost.of("Index.Docker.IO").name()).isEqualTo("docker.io");
        assertThat(RegistryHost.of("[::1]:5000")).isEqualTo(new RegistryHost("[::1]:5000", "[::1]:5000"));
        assertThatThrownBy(() -> RegistryHost.of("https://reg.io")).hasMessageContaining("'https://reg.io'")
                .hasMessageContaining("no scheme");
        assertThatThrownBy(() -> RegistryHost.of("reg.io/path")).hasMessageContaining("'reg.io/path'");
    }
}
