package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.MediaTypes;
import io.hagicode.imagemirror.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which index entries a platform filter keeps, and the index it builds. */
class PlatformSelectionTest {
    private static final String AMD = "sha256:" + "1".repeat(64);
    private static final String ARM = "sha256:" + "2".repeat(64);
    private static final String ATTEST_AMD = "sha256:" + "3".repeat(64);
    private static final String ATTEST_ARM = "sha256:" + "4".repeat(64);

    private static final Manifest BUILDKIT_INDEX = Manifest.of(MediaTypes.OCI_INDEX, """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":500,"platform":{"architecture":"amd64","os":"linux"}},
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":501,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":566,"platform":{"architecture":"unknown","os":"unknown"},
              "annotations":{"vnd.docker.reference.digest":"%s","vnd.docker.reference.type":"attestation-manifest"}},
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":566,"platform":{"architecture":"unknown","os":"unknown"},
              "annotations":{"vnd.docker.reference.digest":"%s","vnd.docker.reference.type":"attestation-manifest"}}],
             "annotations":{"org.opencontainers.image.source":"https://example.invalid/app"}}
            """.formatted(AMD, ARM, ATTEST_AMD, AMD, ATTEST_ARM, ARM).getBytes(StandardCharsets.UTF_8));

    private static PlatformSelection filter(String... platforms) {
        return new PlatformSelection(java.util.Arrays.stream(platforms).map(Platform::parse).toList());
    }

    private static List<String> digests(PlatformSelection.Selected s) {
        return s.entries().stream().map(e -> e.descriptor().digest().toString()).toList();
    }

    @Test
    void aPlatformKeepsItsImageAndTheAttestationOfThatImage() {
        ManifestDocument doc = ManifestDocument.parse(BUILDKIT_INDEX, "repo");

        PlatformSelection.Selected s = filter("linux/amd64").select(BUILDKIT_INDEX, doc, "repo");

        assertThat(digests(s)).containsExactly(AMD, ATTEST_AMD);
        ManifestDocument out = ManifestDocument.parse(s.manifest(), "built");
        assertThat(out.entries().get(0).json()).isEqualTo(doc.entries().get(0).json());
        assertThat(out.entries().get(1).json()).isEqualTo(doc.entries().get(2).json());
        assertThat(out.annotations())
                .containsEntry(PlatformSelection.SOURCE_DIGEST, BUILDKIT_INDEX.digest().toString())
                .containsEntry(PlatformSelection.PLATFORMS, "linux/amd64")
                .containsEntry("org.opencontainers.image.source", "https://example.invalid/app");
        assertThat(filter("linux/amd64").isFilteredCopyOf(out, BUILDKIT_INDEX.digest())).isTrue();
        assertThat(filter("linux/arm64").isFilteredCopyOf(out, BUILDKIT_INDEX.digest())).isFalse();
        assertThat(filter("linux/amd64").isFilteredCopyOf(out, Digest.parse(AMD))).isFalse();
    }

    @Test
    void selectingEveryImageKeepsTheOriginalManifest() {
        ManifestDocument doc = ManifestDocument.parse(BUILDKIT_INDEX, "repo");

        PlatformSelection.Selected s = filter("linux/arm64", "linux/amd64").select(BUILDKIT_INDEX, doc, "repo");

        assertThat(s.manifest()).isSameAs(BUILDKIT_INDEX);
        assertThat(s.entries()).hasSize(4);
    }

    @Test
    void aFilterWithoutVariantSelectsEveryVariant() {
        ManifestDocument doc = ManifestDocument.parse(BUILDKIT_INDEX, "repo");

        assertThat(digests(filter("linux/arm64").select(BUILDKIT_INDEX, doc, "repo"))).containsExactly(ARM, ATTEST_ARM);
        assertThatThrownBy(() -> filter("linux/arm64/v9").select(BUILDKIT_INDEX, doc, "reg/repo"))
                .hasMessageContaining("linux/arm64/v9").hasMessageContaining("linux/amd64, linux/arm64/v8")
                .hasMessageContaining("reg/repo");
    }

    @Test
    void theFilterValueIsSortedSoReorderingTheSpecChangesNothing() {
        assertThat(filter("linux/arm64", "linux/amd64").filterValue())
                .isEqualTo(filter("linux/amd64", "linux/arm64").filterValue())
                .isEqualTo("linux/amd64,linux/arm64");
        assertThat(filter().selectsEverything()).isTrue();
        assertThat(filter().appliesTo(MediaTypes.OCI_INDEX)).isFalse();
        assertThat(filter("linux/amd64").appliesTo(MediaTypes.OCI_MANIFEST)).isFalse();
        assertThat(filter("linux/amd64").appliesTo(MediaTypes.DOCKER_MANIFEST_LIST)).isTrue();
    }
}
