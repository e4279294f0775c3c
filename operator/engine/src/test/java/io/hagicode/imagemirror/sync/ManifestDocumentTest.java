package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.MediaTypes;
import io.hagicode.imagemirror.oci.Platform;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading descriptors out of manifest JSON. */
class ManifestDocumentTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);

    private static Manifest manifest(String type, String json) {
        return Manifest.of(type, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anImageManifestListsItsConfigAndLayersButNotForeignOnes() {
        ManifestDocument doc = ManifestDocument.parse(manifest(MediaTypes.DOCKER_MANIFEST, """
                {"schemaVersion":2,"config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"%s","size":10},
                 "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"%s","size":20},
                           {"mediaType":"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip","digest":"%s","size":30,
                            "urls":["https://example.invalid/layer"]}]}
                """.formatted(A, B, C)), "repo");

        assertThat(doc.isIndex()).isFalse();
        assertThat(doc.blobs()).extracting(d -> d.digest().toString()).containsExactly(A, B);
        assertThat(doc.blobs().get(1).size()).isEqualTo(20);
    }

    @Test
    void anIndexListsItsEntriesWithPlatformsAndKeepsTheirJson() {
        ManifestDocument doc = ManifestDocument.parse(manifest(MediaTypes.OCI_INDEX, """
                {"schemaVersion":2,"manifests":[
                  {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":5,
                   "platform":{"os":"linux","architecture":"arm","variant":"v7"},"annotations":{"x":"y"}},
                  {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":6}]}
                """.formatted(A, B)), "repo");

        assertThat(doc.isIndex()).isTrue();
        assertThat(doc.entries()).hasSize(2);
        assertThat(doc.entries().get(0).descriptor().platform()).isEqualTo(new Platform("linux", "arm", "v7"));
        assertThat(doc.entries().get(0).annotation("x")).isEqualTo("y");
        assertThat(doc.entries().get(1).descriptor().platform()).isNull();
        assertThat(doc.entries().get(1).descriptor().digest()).isEqualTo(Digest.parse(B));
    }

    @Test
    void anArtifactsBlobsAreFoundUnderBlobs() {
        ManifestDocument doc = ManifestDocument.parse(manifest("application/vnd.example.thing+json", """
                {"blobs":[{"mediaType":"application/octet-stream","digest":"%s","size":1}]}
                """.formatted(C)), "repo");

        assertThat(doc.blobs()).extracting(d -> d.digest().toString()).containsExactly(C);
        assertThat(doc.mediaType()).isEqualTo("application/vnd.example.thing+json");
    }

    @Test
    void malformedManifestsAreInvalidResponsesNamingDigestAndOrigin() {
        Manifest notJson = manifest(MediaTypes.OCI_MANIFEST, "{nope");
        assertThatThrownBy(() -> ManifestDocument.parse(notJson, "reg/repo"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.INVALID_RESPONSE))
                .hasMessageContaining(notJson.digest().toString()).hasMessageContaining("reg/repo");
        Manifest badDigest = manifest(MediaTypes.OCI_MANIFEST, "{\"layers\":[{\"digest\":\"md5:x\",\"size\":1}]}");
        assertThatThrownBy(() -> ManifestDocument.parse(badDigest, "reg/repo")).hasMessageContaining("md5:x");
        Manifest noSize = manifest(MediaTypes.OCI_MANIFEST, "{\"layers\":[{\"digest\":\"" + A + "\"}]}");
        assertThatThrownBy(() -> ManifestDocument.parse(noSize, "reg/repo")).hasMessageContaining("no valid size");
    }
}
