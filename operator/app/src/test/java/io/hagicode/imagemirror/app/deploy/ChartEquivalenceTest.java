package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the matching values, the chart installs what the kustomize folders install, object by object: the same kinds
 * and names, and the same spec, rules, containers (image, args, env, ports, probes, security context, resources),
 * volumes and CRD. Labels, annotations and the label selectors built from them may differ (Helm adds its own
 * release labels); that the chart's selectors match its own pods and Service is checked in ChartValuesTest.
 */
class ChartEquivalenceTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void defaultValuesInstallWhatDeployInstalls() throws Exception {
        assertSameObjects(Kustomize.render(RepoRoot.find().resolve("deploy")), HelmChart.template(), 6);
    }

    @Test
    void watchingTheReleaseNamespaceInstallsWhatTheNamespacedOverlayInstalls() throws Exception {
        Manifests chart = HelmChart.template(t -> t.set("watchNamespaces[0]", HelmChart.NAMESPACE));
        assertSameObjects(Kustomize.render(RepoRoot.find().resolve("deploy/overlays/namespaced")), chart, 6);
    }

    @Test
    void enablingMonitoringAddsWhatTheMonitoringOverlayAdds() throws Exception {
        Manifests chart = HelmChart.template(t -> t.set("metrics.serviceMonitor.enabled", true)
                .set("metrics.prometheusRule.enabled", true));
        assertSameObjects(Kustomize.render(RepoRoot.find().resolve("deploy/overlays/monitoring")), chart, 8);
    }

    /** Each object of the kustomize install has its equal in the chart's, and the chart renders nothing else. */
    private static void assertSameObjects(Manifests kustomize, Manifests chart, int expectedCount)
            throws JsonProcessingException {
        List<String> expectedIds = new ArrayList<>(kustomize.ids());
        // A Helm chart installs into a namespace it does not own (`helm install --create-namespace` creates it).
        expectedIds.remove("Namespace/" + HelmChart.NAMESPACE);
        assertThat(chart.ids()).as("objects of %s", chart.source()).containsExactlyInAnyOrderElementsOf(expectedIds)
                .hasSize(expectedCount);
        for (Map<String, Object> expected : kustomize.objects()) {
            String id = Yaml.str(expected, "kind") + "/" + Yaml.str(expected, "metadata", "name");
            if (!expectedIds.contains(id)) {
                continue;
            }
            Map<String, Object> actual = chart.objects().stream()
                    .filter(o -> id.equals(Yaml.str(o, "kind") + "/" + Yaml.str(o, "metadata", "name")))
                    .findFirst().orElseThrow();
            assertThat(comparable(actual)).as("%s from the chart, compared with %s", id, kustomize.source())
                    .isEqualTo(comparable(expected));
        }
    }

    /**
     * The object as sorted JSON, without labels, annotations or label selectors, numbers by value (Helm re-serialises
     * the CRD's 64.0 as 64), and with the downward-API form of IMAGEMIRROR_NAMESPACES (the namespaced overlay's) read as
     * the namespace it resolves to, the form the chart writes. Environment variables are compared by name.
     */
    @SuppressWarnings("unchecked")
    static String comparable(Map<String, Object> object) throws JsonProcessingException {
        Map<String, Object> copy = (Map<String, Object>) normalize(object);
        String namespace = Yaml.str(copy, "metadata", "namespace");
        stripLabels(copy);
        if ("Deployment".equals(copy.get("kind"))) {
            Yaml.map(copy, "spec", "selector").remove("matchLabels");
            for (Object container : Yaml.list(copy, "spec", "template", "spec", "containers")) {
                // A strategic-merge patch moves the variable it patches to the front; no variable refers to another.
                Yaml.list(container, "env").sort(Comparator.comparing(e -> Yaml.str(e, "name")));
                for (Object env : Yaml.list(container, "env")) {
                    Map<String, Object> variable = Yaml.map(env);
                    if ("metadata.namespace".equals(Yaml.str(variable, "valueFrom", "fieldRef", "fieldPath"))
                            && "IMAGEMIRROR_NAMESPACES".equals(variable.get("name"))) {
                        variable.remove("valueFrom");
                        variable.put("value", namespace);
                    }
                }
            }
        }
        if ("Service".equals(copy.get("kind"))) {
            Yaml.map(copy, "spec").remove("selector");
        }
        if ("ServiceMonitor".equals(copy.get("kind"))) {
            Yaml.map(copy, "spec", "selector").remove("matchLabels");
        }
        return JSON.writeValueAsString(copy);
    }

    /** Removes metadata.labels and metadata.annotations at every level (the object's and its pod template's). */
    private static void stripLabels(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("metadata") instanceof Map<?, ?> metadata) {
                metadata.remove("labels");
                metadata.remove("annotations");
            }
            map.values().forEach(ChartEquivalenceTest::stripLabels);
        } else if (node instanceof List<?> list) {
            list.forEach(ChartEquivalenceTest::stripLabels);
        }
    }

    /** A mutable deep copy with integral numbers as Long, so that 64, 64L and 64.0 compare equal. */
    private static Object normalize(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k.toString(), normalize(v)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(ChartEquivalenceTest::normalize).toList());
        }
        if (node instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && !Double.isInfinite(number.doubleValue())) {
            return number.longValue();
        }
        return node;
    }
}
