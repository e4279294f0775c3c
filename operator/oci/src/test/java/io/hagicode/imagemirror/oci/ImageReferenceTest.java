package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reference and repository parsing: Docker Hub normalisation, ports, IPv6, tags, digests and error messages. */
class ImageReferenceTest {
    private static final String HEX = "a".repeat(64);

    @ParameterizedTest
    @CsvSource({
            "nginx, docker.io, library/nginx",
            "docker.io/nginx, docker.io, library/nginx",
            "index.docker.io/library/nginx, docker.io, library/nginx",
            "registry-1.docker.io/newbe36524/hagicode, docker.io, newbe36524/hagicode",
            "newbe36524/hagicode, docker.io, newbe36524/hagicode",
            "localhost/app, localhost, app",
            "localhost:5000/team/app, localhost:5000, team/app",
            "Registry.Example.COM/app, registry.example.com, app",
            "ghcr.io/org/sub/app, ghcr.io, org/sub/app",
            "[::1]:5000/app, [::1]:5000, app",
            "registry.cn-hangzhou.aliyuncs.com/ns/app, registry.cn-hangzhou.aliyuncs.com, ns/app"
    })
    void normalisesRegistryAndPath(String value, String registry, String path) {
        Repository repository = ImageReference.parse(value).repository();

        assertThat(repository.registry()).isEqualTo(registry);
        assertThat(repository.path()).isEqualTo(path);
    }

    @Test
    void dockerHubIsServedFromRegistry1() {
        assertThat(Repository.parse("nginx").apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(Repository.parse("nginx").isDockerHub()).isTrue();
        assertThat(Repository.parse("localhost:5000/nginx").apiHost()).isEqualTo("localhost:5000");
        assertThat(Repository.parse("localhost:5000/nginx").isDockerHub()).isFalse();
    }

    @Test
    void parsesTagsAndDigests() {
        ImageReference tagged = ImageReference.parse("localhost:5000/app:1.2.3");
        assertThat(tagged.tag()).isEqualTo("1.2.3");
        assertThat(tagged.digest()).isNull();
        assertThat(tagged.reference()).isEqualTo("1.2.3");

        ImageReference pinned = ImageReference.parse("ghcr.io/org/app:v1@sha256:" + HEX);
        assertThat(pinned.tag()).isEqualTo("v1");
        assertThat(pinned.digest()).isEqualTo(new Digest("sha256", HEX));
        assertThat(pinned.reference()).isEqualTo("sha256:" + HEX);
        assertThat(pinned).hasToString("ghcr.io/org/app:v1@sha256:" + HEX);

        ImageReference ipv6 = ImageReference.parse("[::1]:5000/app:edge");
        assertThat(ipv6.repository().registry()).isEqualTo("[::1]:5000");
        assertThat(ipv6.tag()).isEqualTo("edge");
    }

    @Test
    void aPortIsNotATag() {
        ImageReference ref = ImageReference.parse("localhost:5000/app");

        assertThat(ref.tag()).isNull();
        assertThat(ref.repository()).hasToString("localhost:5000/app");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Team/App", "app:", "app:-bad", "app@sha256:xyz", "app@md5:" + "a", " app", "app latest",
            "a//b", "-app", "host.io/", "bad_host!.io/app"})
    void badInputIsRejectedWithTheValueQuoted(String value) {
        assertThatThrownBy(() -> ImageReference.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void emptyInputIsRejected() {
        assertThatThrownBy(() -> ImageReference.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageReference.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTagLongerThan128IsRejected() {
        assertThat(ImageReference.isValidTag("a".repeat(128))).isTrue();
        assertThat(ImageReference.isValidTag("a".repeat(129))).isFalse();
        assertThatThrownBy(() -> ImageReference.parse("app:" + "a".repeat(129)))
                .hasMessageContaining("is not a valid tag");
    }

    @Test
    void aRepositoryTakesNoTag() {
        assertThatThrownBy(() -> Repository.parse("app:v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'app:v1'")
                .hasMessageContaining("no tag");
    }

    @Test
    void withTagAndWithDigestBuildReferences() {
        Repository repository = Repository.parse("ghcr.io/org/app");

        assertThat(repository.withTag("v2")).hasToString("ghcr.io/org/app:v2");
        assertThat(repository.withDigest(new Digest("sha256", HEX))).hasToString("ghcr.io/org/app@sha256:" + HEX);
    }
}
