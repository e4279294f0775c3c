package io.hagicode.imagemirror.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageMirrorDocumentsTest {
    private static final String GOOD = """
            apiVersion: mirror.hagicode.io/v1alpha1
            kind: ImageMirror
            metadata:
              name: hagicode
            spec:
              source:
                repository: docker.io/newbe36524/hagicode
              targets:
                - repository: hagicode.azurecr.io/hagicode
                  credentialsSecretRef: {name: azure-acr}
              tags:
                include: ['v?\\d+\\.\\d+\\.\\d+', 'latest']
                latest: 10
              platforms: [linux/amd64, linux/arm64]
              concurrency: 10
            """;

    @Test
    void readsEveryDocumentOfAStream() throws Exception {
        List<ImageMirrorDocuments.Loaded> docs = ImageMirrorDocuments.parse(GOOD + "---\n" + GOOD.replace("name: hagicode", "name: second") + "---\n", "m.yaml");
        assertThat(docs).extracting(d -> d.mirror().getMetadata().getName()).containsExactly("hagicode", "second");
        assertThat(docs.get(1).describe()).isEqualTo("m.yaml document 2 (second)");
        ImageMirrorSpec spec = docs.get(0).mirror().getSpec();
        assertThat(spec.getTags().getInclude()).containsExactly("v?\\d+\\.\\d+\\.\\d+", "latest");
        assertThat(spec.getTargets().get(0).getCredentialsSecretRef().getName()).isEqualTo("azure-acr");
    }

    @Test
    void publicIsReadUnderItsOwnNameAndAbsentMeansUnset() throws Exception {
        String yaml = GOOD.replace("credentialsSecretRef: {name: azure-acr}",
                "credentialsSecretRef: {name: azure-acr}\n      public: true");
        List<RepositorySpec> targets = ImageMirrorDocuments.parse(yaml, "m.yaml").get(0).mirror().getSpec()
                .getTargets();
        assertThat(targets.get(0).getPublic()).isTrue();
        assertThat(ImageMirrorDocuments.parse(GOOD, "m.yaml").get(0).mirror().getSpec().getTargets().get(0)
                .getPublic()).isNull();
    }

    @Test
    void anUnknownFieldIsNamedWithItsPath() {
        assertThatThrownBy(() -> ImageMirrorDocuments.parse(GOOD.replace("include:", "incude:"), "m.yaml"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("m.yaml document 1")
                .hasMessageContaining("spec.tags.incude: unknown field")
                .hasMessageContaining("include");
    }

    @Test
    void aTypoInMetadataIsRejectedToo() {
        assertThatThrownBy(() -> ImageMirrorDocuments.parse(GOOD.replace("  name: hagicode", "  name: hagicode\n  nmae: x"), "m.yaml"))
                .hasMessageContaining("metadata.nmae: unknown field");
    }

    @Test
    void duplicateKeysAreRefusedNotSilentlyMerged() {
        String dup = GOOD.replace("  concurrency: 10", "  concurrency: 10\n  concurrency: 5");
        assertThatThrownBy(() -> ImageMirrorDocuments.parse(dup, "m.yaml"))
                .hasMessageContaining("m.yaml").hasMessageContaining("concurrency");
    }

    @Test
    void wrongKindOrApiVersionIsNamed() {
        assertThatThrownBy(() -> ImageMirrorDocuments.parse(GOOD.replace("kind: ImageMirror", "kind: Mirror"), "m.yaml"))
                .hasMessageContaining("'Mirror'").hasMessageContaining("kind: ImageMirror");
    }

    @Test
    void brokenYamlGetsALineNumber() {
        assertThatThrownBy(() -> ImageMirrorDocuments.parse("apiVersion: [unclosed\nkind: x\n", "bad.yaml"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageStartingWith("bad.yaml: invalid YAML at line");
    }

    @Test
    void aWrongTypeNamesTheField() {
        assertThatThrownBy(() -> ImageMirrorDocuments.parse(GOOD.replace("concurrency: 10", "concurrency: lots"), "m.yaml"))
                .hasMessageContaining("spec.concurrency");
    }

    @Test
    void anEmptyFileIsAnError() {
        assertThatThrownBy(() -> ImageMirrorDocuments.parse("# nothing\n", "empty.yaml"))
                .hasMessageContaining("empty.yaml: holds no ImageMirror document");
    }
}
