package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.app.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * What must hold whatever the values: rendered by real Helm with the defaults and with every value set in
 * charts/imagemirror/ci, the Deployment keeps its hardening and probes, the operator's own command line accepts its
 * args, selectors and bindings point at what the chart renders, and RBAC grants exactly what the operator calls, in
 * exactly the namespaces it watches.
 */
class ChartValueSetsTest {
    static Stream<String> valueSets() throws IOException {
        try (Stream<Path> files = Files.list(HelmChart.dir().resolve("ci"))) {
            List<String> names = new ArrayList<>(List.of("(defaults)"));
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith("-values.yaml")).sorted()
                    .forEach(names::add);
            return names.stream();
        }
    }

    private static Manifests render(String valueSet) {
        return valueSet.startsWith("(") ? HelmChart.template() : HelmChart.template(HelmChart.valueSet(valueSet));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void theDeploymentStaysHardened(String valueSet) {
        Map<String, Object> deployment = render(valueSet).one("Deployment");
        OperatorDeployment.assertHardened(deployment);
        OperatorDeployment.assertProbesAndMetricsPort(deployment);
        OperatorDeployment.assertPodNamespaceFromDownwardApi(deployment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void theOperatorAcceptsItsArgs(String valueSet) {
        List<String> args = Yaml.list(OperatorDeployment.container(render(valueSet).one("Deployment")), "args")
                .stream().map(Object::toString).toList();
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand()).as("the `operator` subcommand in %s", args).isNotNull();
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("operator");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void selectorsAndBindingsPointAtTheChartsOwnObjects(String valueSet) {
        Manifests rendered = render(valueSet);
        Map<String, Object> deployment = rendered.one("Deployment");
        Map<String, Object> podLabels = Yaml.map(deployment, "spec", "template", "metadata", "labels");
        assertThat(podLabels).containsAllEntriesOf(Yaml.map(deployment, "spec", "selector", "matchLabels"));
        Map<String, Object> service = rendered.one("Service");
        assertThat(podLabels).containsAllEntriesOf(Yaml.map(service, "spec", "selector"));
        for (Map<String, Object> monitor : rendered.all("ServiceMonitor")) {
            assertThat(Yaml.map(service, "metadata", "labels"))
                    .containsAllEntriesOf(Yaml.map(monitor, "spec", "selector", "matchLabels"));
            assertThat(Yaml.str(monitor, "spec", "endpoints", 0, "port"))
                    .isEqualTo(Yaml.str(service, "spec", "ports", 0, "name"));
        }
        Map<String, Object> account = rendered.one("ServiceAccount");
        assertThat(Yaml.str(deployment, "spec", "template", "spec", "serviceAccountName"))
                .isEqualTo(Yaml.str(account, "metadata", "name"));
        List<Map<String, Object>> bindings = new ArrayList<>(rendered.all("ClusterRoleBinding"));
        bindings.addAll(rendered.all("RoleBinding"));
        assertThat(bindings).as("bindings").isNotEmpty().allSatisfy(binding -> {
            String roleKind = Yaml.str(binding, "roleRef", "kind");
            assertThat(rendered.all(roleKind)).as("%s %s of %s", roleKind, Yaml.str(binding, "roleRef", "name"),
                    Yaml.str(binding, "metadata", "name")).anySatisfy(role -> {
                        assertThat(Yaml.str(role, "metadata", "name")).isEqualTo(Yaml.str(binding, "roleRef", "name"));
                        assertThat(Yaml.str(role, "metadata", "namespace"))
                                .isEqualTo(Yaml.str(binding, "metadata", "namespace"));
                    });
            assertThat(Yaml.list(binding, "subjects")).singleElement().satisfies(s -> {
                assertThat(Yaml.str(s, "kind")).isEqualTo("ServiceAccount");
                assertThat(Yaml.str(s, "name")).isEqualTo(Yaml.str(account, "metadata", "name"));
                assertThat(Yaml.str(s, "namespace")).isEqualTo(Yaml.str(account, "metadata", "namespace"));
            });
        });
        for (String kind : List.of("Deployment", "Service", "ServiceAccount")) {
            assertThat(Yaml.str(rendered.one(kind), "metadata", "namespace")).as(kind).isEqualTo(HelmChart.NAMESPACE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void rbacGrantsExactlyWhatTheOperatorNeedsWhereItWatches(String valueSet) {
        Manifests rendered = render(valueSet);
        String watched = Yaml.str(OperatorDeployment.env(rendered.one("Deployment"), "IMAGEMIRROR_NAMESPACES"), "value");
        if (watched.isEmpty()) {
            OperatorPermissions.assertExactlyRequired(rendered.one("ClusterRole"));
            assertThat(rendered.all("Role")).isEmpty();
            return;
        }
        assertThat(rendered.all("ClusterRole")).as("ClusterRoles when watching %s", watched).isEmpty();
        assertThat(rendered.all("ClusterRoleBinding")).isEmpty();
        Set<String> namespaces = new TreeSet<>(List.of(watched.split(",")));
        Set<String> withRoles = new TreeSet<>(namespaces);
        withRoles.add(HelmChart.NAMESPACE); // the leader-election Lease's
        assertThat(rendered.all("Role")).extracting(r -> Yaml.str(r, "metadata", "namespace"))
                .containsOnlyElementsOf(withRoles).containsAll(withRoles);
        for (String namespace : namespaces) {
            List<Object> rules = rulesIn(rendered, namespace);
            if (!namespace.equals(HelmChart.NAMESPACE)) {
                assertThat(rules).as("rules in %s: the Lease lives in the release namespace only", namespace)
                        .noneSatisfy(r -> assertThat(Yaml.list(r, "apiGroups")).contains("coordination.k8s.io"));
                rules.addAll(rulesIn(rendered, HelmChart.NAMESPACE));
            }
            OperatorPermissions.assertExactlyRequired(Map.of("kind", "Role",
                    "metadata", Map.of("name", "rules for watching " + namespace), "rules", rules));
        }
        if (!namespaces.contains(HelmChart.NAMESPACE)) {
            assertThat(rulesIn(rendered, HelmChart.NAMESPACE)).as("rules in the unwatched release namespace")
                    .allSatisfy(r -> assertThat(Yaml.list(r, "apiGroups")).containsExactly("coordination.k8s.io"));
        }
    }

    private static List<Object> rulesIn(Manifests rendered, String namespace) {
        List<Object> rules = new ArrayList<>();
        rendered.all("Role").stream().filter(r -> namespace.equals(Yaml.str(r, "metadata", "namespace")))
                .forEach(r -> rules.addAll(Yaml.list(r, "rules")));
        return rules;
    }
}
