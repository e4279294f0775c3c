package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart as a whole: Helm's linter, its version, and values that are all typed, documented and exercised. */
class ChartTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void helmLintFindsNothingToSay() {
        LintResult lint = new Helm(HelmChart.dir()).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        // Without an icon Helm says "[INFO] Chart.yaml: icon is recommended"; anything else is a finding.
        assertThat(lint.getMessages()).as("helm lint --strict")
                .allSatisfy(m -> assertThat(m).contains("icon is recommended"));
    }

    @Test
    void theChartAndItsAppVersionAreTheProjectVersion() throws Exception {
        Map<?, ?> chart = YAML.readValue(HelmChart.dir().resolve("Chart.yaml").toFile(), Map.class);
        String version = DefaultInstallTest.releaseVersion();
        assertThat(Yaml.str(chart, "version")).as("Chart.yaml version").isEqualTo(version);
        assertThat(Yaml.str(chart, "appVersion")).as("Chart.yaml appVersion").isEqualTo(version);
        String image = Yaml.str(OperatorDeployment.container(HelmChart.template().one("Deployment")), "image");
        assertThat(image).isEqualTo(DefaultInstallTest.IMAGE_REPOSITORY + ":" + version);
    }

    /** values.yaml and values.schema.json describe the same tree: no untyped value, no typed value without a default. */
    @Test
    void everyValueHasATypeAndEveryTypedValueADefault() throws Exception {
        Map<?, ?> values = YAML.readValue(HelmChart.dir().resolve("values.yaml").toFile(), Map.class);
        Map<?, ?> schema = JSON.readValue(HelmChart.dir().resolve("values.schema.json").toFile(), Map.class);
        Set<String> typed = new TreeSet<>();
        schemaPaths(schema, "", typed);
        typed.remove("global");
        assertThat(leafPaths(values, "")).isEqualTo(typed);
    }

    /** Every value of values.yaml carries a `# --` comment on the lines just above it. */
    @Test
    void everyValueIsDocumented() throws IOException {
        List<String> lines = Files.readAllLines(HelmChart.dir().resolve("values.yaml"));
        Map<?, ?> values = YAML.readValue(HelmChart.dir().resolve("values.yaml").toFile(), Map.class);
        for (String path : leafPaths(values, "")) {
            String key = path.substring(path.lastIndexOf('.') + 1);
            int line = lineOfKey(lines, path);
            assertThat(line).as("values.yaml line of %s", path).isPositive();
            int above = line - 1;
            while (above >= 0 && lines.get(above).trim().startsWith("#") && !lines.get(above).contains("# --")) {
                above--;
            }
            assertThat(above >= 0 && lines.get(above).trim().startsWith("# --"))
                    .as("values.yaml: %s (%s, line %d) has a `# --` description above it", path, key, line + 1)
                    .isTrue();
        }
    }

    /** Each value is set away from its default by at least one value set that ChartValuesTest renders. */
    @Test
    void theValueSetsExerciseEveryValue() throws IOException {
        Map<?, ?> defaults = YAML.readValue(HelmChart.dir().resolve("values.yaml").toFile(), Map.class);
        Set<String> exercised = new TreeSet<>();
        try (Stream<Path> files = Files.list(HelmChart.dir().resolve("ci"))) {
            for (Path file : files.filter(f -> f.toString().endsWith("-values.yaml")).toList()) {
                Map<?, ?> set = YAML.readValue(file.toFile(), Map.class);
                for (String path : leafPaths(set, "")) {
                    String top = topmostLeaf(defaults, path);
                    Object byDefault = Yaml.at(defaults, (Object[]) top.split("\\."));
                    Object given = Yaml.at(set, (Object[]) top.split("\\."));
                    if (!java.util.Objects.equals(byDefault, given)) {
                        exercised.add(top);
                    }
                }
            }
        }
        assertThat(exercised).as("values set to something other than their default by a ci/*-values.yaml")
                .containsAll(leafPaths(defaults, ""));
    }

    /**
     * Leaf values by dotted path. A map or list that is a value in its own right (empty by default, like
     * {@code nodeSelector: {}}, or free-form like {@code resources}) counts as one leaf.
     */
    static Set<String> leafPaths(Map<?, ?> values, String prefix) {
        Set<String> paths = new TreeSet<>();
        for (Map.Entry<?, ?> e : values.entrySet()) {
            String path = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty() && !FREE_FORM.contains(path)) {
                paths.addAll(leafPaths(child, path + "."));
            } else {
                paths.add(path);
            }
        }
        return paths;
    }

    /** Values whose keys are the user's (Kubernetes structures), not the chart's. */
    private static final Set<String> FREE_FORM = Set.of("resources", "affinity", "nodeSelector", "podAnnotations",
            "podLabels", "metrics.serviceMonitor.labels", "metrics.prometheusRule.labels");

    private static String topmostLeaf(Map<?, ?> defaults, String path) {
        for (String leaf : leafPaths(defaults, "")) {
            if (path.equals(leaf) || path.startsWith(leaf + ".")) {
                return leaf;
            }
        }
        throw new AssertionError("ci value " + path + " is not a value of values.yaml");
    }

    private static void schemaPaths(Map<?, ?> schema, String prefix, Set<String> paths) {
        for (Map.Entry<?, ?> e : Yaml.map(schema, "properties").entrySet()) {
            String path = prefix + e.getKey();
            Map<?, ?> child = (Map<?, ?>) e.getValue();
            if (child.containsKey("properties") && !FREE_FORM.contains(path)) {
                schemaPaths(child, path + ".", paths);
            } else {
                paths.add(path);
            }
        }
    }

    /** The line of a dotted path's last key, found by walking the keys in order at growing indentation. */
    private static int lineOfKey(List<String> lines, String path) {
        int from = 0;
        int indent = 0;
        int found = -1;
        for (String key : path.split("\\.")) {
            found = -1;
            for (int i = from; i < lines.size(); i++) {
                if (lines.get(i).startsWith(" ".repeat(indent) + key + ":")) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                return -1;
            }
            from = found + 1;
            indent += 2;
        }
        return found;
    }
}
