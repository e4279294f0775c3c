package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart installs the CRD generated from the Java model, crds/imagemirrors.mirror.hagicode.io.yaml. Helm reads no
 * file outside the chart, so the chart holds a copy in files/; this test fails when the copy is not byte for byte the
 * generated file, and compares what Helm renders with the generated file itself, so a stale copy cannot pass either way.
 */
class ChartCrdTest {
    private static final String CRD_FILE = "imagemirrors.mirror.hagicode.io.yaml";

    @Test
    void theChartsCopyIsTheGeneratedCrd() throws Exception {
        Path root = RepoRoot.find();
        assertThat(Files.readAllBytes(HelmChart.dir().resolve("files").resolve(CRD_FILE)))
                .as("charts/imagemirror/files/%s must be a byte-for-byte copy of crds/%s; regenerate it with "
                        + "-Dimagemirror.updateCrd=true (CrdIsCurrentTest, operator/api)", CRD_FILE, CRD_FILE)
                .isEqualTo(Files.readAllBytes(root.resolve("crds").resolve(CRD_FILE)));
    }

    @Test
    void theRenderedCrdIsTheGeneratedOneWithTheReleasesLabels() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> generated = new ObjectMapper(new YAMLFactory())
                .readValue(RepoRoot.find().resolve("crds").resolve(CRD_FILE).toFile(), Map.class);
        Map<String, Object> rendered = HelmChart.template().one("CustomResourceDefinition");
        assertThat(ChartEquivalenceTest.comparable(rendered)).as("the CRD as Helm renders it, without labels")
                .isEqualTo(ChartEquivalenceTest.comparable(generated));
        assertThat(Yaml.map(rendered, "metadata", "labels"))
                .containsEntry("app.kubernetes.io/managed-by", "Helm")
                .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE);
    }

    @Test
    void byDefaultUninstallingOrDeletingTheApplicationKeepsTheCrdAndWithItTheMirrors() {
        Map<String, Object> crd = HelmChart.template().one("CustomResourceDefinition");
        assertThat(Yaml.map(crd, "metadata", "annotations")).containsOnly(Map.entry("helm.sh/resource-policy", "keep"),
                // Argo CD ignores Helm's policy: it renders the chart and applies the objects itself.
                Map.entry("argocd.argoproj.io/sync-options", "Prune=false,Delete=false"));
    }
}
