package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/argocd/helm/imagemirror-operator.yaml installs the chart from where charts/publish.sh pushes it, at this
 * version, with values the chart accepts, into a namespace labelled like deploy/'s.
 */
class ChartArgoApplicationTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Map<?, ?> application() throws Exception {
        return YAML.readValue(RepoRoot.find().resolve("examples/argocd/helm/imagemirror-operator.yaml").toFile(),
                Map.class);
    }

    @Test
    void itInstallsThisVersionOfTheChartFromWherePublishPushesIt() throws Exception {
        Map<?, ?> app = application();
        assertThat(Yaml.str(app, "apiVersion")).isEqualTo("argoproj.io/v1alpha1");
        assertThat(Yaml.str(app, "kind")).isEqualTo("Application");
        String publish = Files.readString(RepoRoot.find().resolve("charts/publish.sh"));
        Matcher registry = Pattern.compile("CHART_REGISTRY=\"\\$\\{CHART_REGISTRY:-([^}]+)}\"").matcher(publish);
        assertThat(registry.find()).as("the default CHART_REGISTRY of charts/publish.sh").isTrue();
        // Argo CD's Helm source names an OCI chart by registry path (without oci://) and chart name.
        assertThat("oci://" + Yaml.str(app, "spec", "source", "repoURL") + "/" + Yaml.str(app, "spec", "source", "chart"))
                .isEqualTo(registry.group(1) + "/imagemirror");
        Map<?, ?> chart = YAML.readValue(HelmChart.dir().resolve("Chart.yaml").toFile(), Map.class);
        assertThat(Yaml.str(app, "spec", "source", "targetRevision")).isEqualTo(Yaml.str(chart, "version"));
        assertThat(Yaml.str(app, "spec", "source", "helm", "releaseName")).isEqualTo(HelmChart.RELEASE);
        assertThat(Yaml.str(app, "spec", "destination", "namespace")).isEqualTo(HelmChart.NAMESPACE);
    }

    @Test
    void itsValuesRenderTheDefaultInstall(@TempDir Path dir) throws Exception {
        Path values = dir.resolve("values.yaml");
        YAML.writeValue(values.toFile(), Yaml.map(application(), "spec", "source", "helm", "valuesObject"));
        assertThat(HelmChart.template(values).ids()).containsExactlyInAnyOrderElementsOf(HelmChart.template().ids());
    }

    @Test
    void theNamespaceArgoCreatesEnforcesTheSamePodSecurityAsDeploys() throws Exception {
        Map<?, ?> app = application();
        assertThat(Yaml.list(app, "spec", "syncPolicy", "syncOptions")).contains("CreateNamespace=true");
        Map<?, ?> namespace = YAML.readValue(RepoRoot.find().resolve("deploy/base/namespace.yaml").toFile(), Map.class);
        Map<String, Object> podSecurity = new java.util.TreeMap<>(Yaml.map(namespace, "metadata", "labels"));
        podSecurity.keySet().removeIf(k -> !k.startsWith("pod-security.kubernetes.io/"));
        assertThat(podSecurity).isNotEmpty();
        assertThat(Yaml.map(app, "spec", "syncPolicy", "managedNamespaceMetadata", "labels")).isEqualTo(podSecurity);
    }
}
