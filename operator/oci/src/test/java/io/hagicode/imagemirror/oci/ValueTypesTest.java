package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Digest, Platform, Credentials, Manifest and ClientOptions. */
class ValueTypesTest {

    @Test
    void digestOfKnownContent() {
        Digest digest = Digest.sha256("hello".getBytes(StandardCharsets.UTF_8));

        assertThat(digest).hasToString("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
        assertThat(digest.matches(digest.newHasher().digest("hello".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(digest.matches(digest.newHasher().digest("hellO".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    @Test
    void digestAcceptsSha512() {
        Digest digest = Digest.parse("sha512:" + "0".repeat(128));

        assertThat(digest.algorithm()).isEqualTo("sha512");
        assertThat(digest.newHasher().getDigestLength()).isEqualTo(64);
    }

    @Test
    void badDigestsNameTheValue() {
        assertThatThrownBy(() -> Digest.parse("sha256:ABC")).hasMessageContaining("'sha256:ABC'");
        assertThatThrownBy(() -> Digest.parse("md5:" + "a".repeat(32))).hasMessageContaining("md5");
        assertThatThrownBy(() -> Digest.parse("deadbeef")).hasMessageContaining("'deadbeef'")
                .hasMessageContaining("algorithm:hex");
        assertThatThrownBy(() -> Digest.parse("sha256:" + "a".repeat(63))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void platformParsesAndSelects() {
        Platform arm = Platform.parse("linux/arm");

        assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(new Platform("linux", "arm64", "v8"));
        assertThat(arm.selects(new Platform("linux", "arm", "v7"))).isTrue();
        assertThat(arm.selects(new Platform("linux", "arm64", null))).isFalse();
        assertThat(Platform.parse("linux/arm/v7").selects(new Platform("linux", "arm", "v6"))).isFalse();
        assertThat(Platform.parse("linux/amd64")).hasToString("linux/amd64");
    }

    @Test
    void badPlatformsNameTheValue() {
        assertThatThrownBy(() -> Platform.parse("linux")).hasMessageContaining("'linux'");
        assertThatThrownBy(() -> Platform.parse("linux/amd64/v1/x")).hasMessageContaining("'linux/amd64/v1/x'");
        assertThatThrownBy(() -> Platform.parse("Linux/AMD64")).hasMessageContaining("'Linux'");
        assertThatThrownBy(() -> Platform.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialsNeverShowTheirSecret() {
        assertThat(Credentials.basic("alice", "pa55word")).asString().contains("alice").doesNotContain("pa55word");
        assertThat(new Credentials.IdentityToken("bob", "refresh-123")).asString().doesNotContain("refresh-123");
        assertThat(Credentials.ANONYMOUS).hasToString("anonymous");
    }

    @Test
    void manifestDigestComesFromTheBytes() {
        byte[] bytes = TestBlobs.manifestJson("x");
        Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, bytes);

        assertThat(manifest.digest()).isEqualTo(Digest.sha256(bytes));
        assertThat(manifest.descriptor()).isEqualTo(new Descriptor(MediaTypes.OCI_MANIFEST, manifest.digest(), bytes.length));
        assertThat(manifest).isEqualTo(Manifest.of(MediaTypes.OCI_MANIFEST, bytes.clone()));
    }

    @Test
    void mediaTypePredicates() {
        assertThat(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST)).isTrue();
        assertThat(MediaTypes.isImageManifest(MediaTypes.OCI_MANIFEST)).isTrue();
        assertThat(MediaTypes.isKnownManifest("application/vnd.example+json")).isFalse();
    }

    @Test
    void clientOptionsKeepTheOriginalFormAndWithers() {
        ClientOptions legacy = new ClientOptions(2, List.of(), Duration.ofSeconds(1), Duration.ofSeconds(2), 100,
                RequestObserver.NONE);
        ClientOptions tuned = ClientOptions.defaults().withMaxAttempts(7).withReadTimeout(Duration.ofSeconds(3))
                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(9)).withChunkedUpload(1234, true);

        assertThat(legacy.chunkSize()).isEqualTo(ClientOptions.DEFAULT_CHUNK_SIZE);
        assertThat(legacy.initialBackoff()).isEqualTo(ClientOptions.DEFAULT_INITIAL_BACKOFF);
        assertThat(tuned.maxAttempts()).isEqualTo(7);
        assertThat(tuned.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(tuned.maxBackoff()).isEqualTo(Duration.ofMillis(9));
        assertThat(tuned.chunkSize()).isEqualTo(1234);
        assertThat(tuned.forceChunkedUpload()).isTrue();
        assertThatThrownBy(() -> ClientOptions.defaults().withMaxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> ClientOptions.defaults().withChunkedUpload(0, false)).hasMessageContaining("chunkSize");
    }
}
