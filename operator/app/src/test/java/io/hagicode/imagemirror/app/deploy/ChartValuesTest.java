package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.app.Main;
import io.hagicode.imagemirror.app.operator.MirrorSelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What each value does, rendered by real Helm: the value sets of charts/imagemirror/ci one by one. */
class ChartValuesTest {
    private static final String DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static Map<String, Object> operator(Manifests rendered) {
        return OperatorDeployment.container(rendered.one("Deployment"));
    }

    private static List<String> args(Manifests rendered) {
        return Yaml.list(operator(rendered), "args").stream().map(Object::toString).toList();
    }

    @Test
    void aDigestPinsTheImageWhateverTheTag() {
        Manifests rendered = HelmChart.template(HelmChart.valueSet("image-digest-values.yaml"));
        assertThat(Yaml.str(operator(rendered), "image")).isEqualTo("registry.example.com/mirrors/imagemirror@" + DIGEST);
        assertThat(Yaml.str(operator(rendered), "imagePullPolicy")).isEqualTo("Always");
        assertThat(Yaml.list(rendered.one("Deployment"), "spec", "template", "spec", "imagePullSecrets"))
                .containsExactly(Map.of("name", "example-registry"));

        Manifests set = HelmChart.template(t -> t.set("image.digest", DIGEST));
        assertThat(Yaml.str(operator(set), "image")).isEqualTo(DefaultInstallTest.IMAGE_REPOSITORY + "@" + DIGEST);
    }

    @Test
    void aTagReplacesTheAppVersion() {
        Manifests rendered = HelmChart.template(HelmChart.valueSet("image-tag-values.yaml"));
        assertThat(Yaml.str(operator(rendered), "image")).isEqualTo("registry.example.com:5000/imagemirror:0.2.0-rc.1");
        assertThat(Yaml.map(rendered.one("Deployment"), "spec", "template", "spec")).doesNotContainKey("imagePullSecrets");
    }

    @Test
    void watchNamespacesGivesRolesInExactlyThoseNamespaces() {
        Manifests rendered = HelmChart.template(HelmChart.valueSet("watch-namespaces-values.yaml"));
        assertThat(Yaml.str(OperatorDeployment.env(rendered.one("Deployment"), "IMAGEMIRROR_NAMESPACES"), "value"))
                .isEqualTo("imagemirror-system,team-a");
        assertThat(rendered.all("Role")).extracting(r -> Yaml.str(r, "metadata", "namespace"))
                .containsExactlyInAnyOrder("imagemirror-system", "team-a");
        assertThat(rendered.all("RoleBinding")).extracting(r -> Yaml.str(r, "metadata", "namespace"))
                .containsExactlyInAnyOrder("imagemirror-system", "team-a");
        OperatorPermissions.assertExactlyRequired(rendered.all("Role").stream()
                .filter(r -> HelmChart.NAMESPACE.equals(Yaml.str(r, "metadata", "namespace"))).findFirst().orElseThrow());
    }

    @Test
    void watchingOnlyOtherNamespacesKeepsTheLeaseRuleInTheReleaseNamespace() {
        Manifests rendered = HelmChart.template(HelmChart.valueSet("watch-other-namespaces-values.yaml"));
        assertThat(Yaml.str(OperatorDeployment.env(rendered.one("Deployment"), "IMAGEMIRROR_NAMESPACES"), "value"))
                .isEqualTo("team-a,team-b");
        assertThat(rendered.all("Role")).extracting(r -> Yaml.str(r, "metadata", "namespace") + "/"
                        + Yaml.str(r, "metadata", "name"))
                .containsExactlyInAnyOrder("team-a/imagemirror-operator", "team-b/imagemirror-operator",
                        "imagemirror-system/imagemirror-operator-leader-election");
        assertThat(rendered.all("RoleBinding")).hasSize(3);
    }

    @Test
    void twoReplicasKeepLeaderElectionAndTakeTheSchedulingValues() {
        Manifests rendered = HelmChart.template(HelmChart.valueSet("high-availability-values.yaml"));
        Map<String, Object> deployment = rendered.one("Deployment");
        Map<String, Object> pod = Yaml.map(deployment, "spec", "template", "spec");
        assertThat(Yaml.at(deployment, "spec", "replicas")).isEqualTo(2);
        assertThat(args(rendered)).doesNotContain("--no-leader-election");
        assertThat(Yaml.str(pod, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution", 0,
                "podAffinityTerm", "topologyKey")).isEqualTo("kubernetes.io/hostname");
        assertThat(Yaml.map(pod, "nodeSelector")).containsExactly(Map.entry("node-role.example.com/infra", "true"));
        assertThat(Yaml.list(pod, "tolerations")).singleElement()
                .satisfies(t -> assertThat(Yaml.str(t, "key")).isEqualTo("node-role.example.com/infra"));
        Map<String, Object> template = Yaml.map(deployment, "spec", "template", "metadata");
        assertThat(Yaml.map(template, "annotations")).containsExactly(Map.entry("example.com/owner", "platform-team"));
        assertThat(Yaml.map(template, "labels")).containsEntry("team", "platform")
                .containsEntry("app.kubernetes.io/component", "operator");
    }

    @Test
    void severalReplicasWithoutLeaderElectionAreRefused() {
        String refusal = HelmChart.refusal(t -> t.set("replicaCount", 3).set("leaderElection", false));
        assertThat(refusal).contains("replicaCount is 3 but leaderElection is false").contains("Set leaderElection: true");
        assertThat(HelmChart.refusal(t -> t.set("replicaCount", 1).set("leaderElection", false))).isNull();
    }

    @Test
    void operatorFlagsReachTheOperator() {
        Manifests rendered = HelmChart.template(HelmChart.valueSet("operator-flags-values.yaml"));
        assertThat(args(rendered)).containsExactly("operator", "--metrics-port=9090", "--webhook-port=9091",
                "--max-concurrent-syncs=8",
                "--max-transfers=64", "--max-transfers-per-registry=8", "--no-leader-election");
        CommandLine.ParseResult operator = Main.commandLine().parseArgs(args(rendered).toArray(String[]::new))
                .subcommand();
        assertThat((Integer) operator.matchedOptionValue("--max-concurrent-syncs", 0)).isEqualTo(8);
        assertThat((Integer) operator.matchedOptionValue("--max-transfers", 0)).isEqualTo(64);
        assertThat((Integer) operator.matchedOptionValue("--max-transfers-per-registry", 0)).isEqualTo(8);
        assertThat((Boolean) operator.matchedOptionValue("--leader-election", true)).isFalse();
        assertThat(Yaml.at(operator(rendered), "ports", 0, "containerPort")).isEqualTo(9090);
        assertThat(Yaml.at(rendered.one("Service"), "spec", "ports", 0, "port")).isEqualTo(9090);
        assertThat(Yaml.at(operator(rendered), "ports", 1, "containerPort")).isEqualTo(9091);
        assertThat(Yaml.at(rendered.one("Service"), "spec", "ports", 1, "port")).isEqualTo(9091);
        assertThat(Yaml.map(operator(rendered), "resources")).isEqualTo(Map.of(
                "requests", Map.of("cpu", "250m", "memory", "512Mi"), "limits", Map.of("cpu", "2", "memory", "1Gi")));
    }

    @Test
    void aShardPassesItsSelectorAndLeaseAndLeavesTheCrdToAnotherRelease() {
        Manifests rendered = HelmChart.template(HelmChart.valueSet("shard-values.yaml"));
        assertThat(args(rendered)).containsExactly("operator", "--metrics-port=8080", "--webhook-port=8081",
                "--selector=mirror.hagicode.io/shard in (a, a2)", "--lease-name=imagemirror-operator-shard-a");
        CommandLine.ParseResult operator = Main.commandLine().parseArgs(args(rendered).toArray(String[]::new))
                .subcommand();
        String selector = operator.matchedOptionValue("--selector", "");
        assertThat(MirrorSelector.parse(selector).expression()).isEqualTo("mirror.hagicode.io/shard in (a,a2)");
        assertThat((String) operator.matchedOptionValue("--lease-name", "")).isEqualTo("imagemirror-operator-shard-a");
        assertThat(rendered.all("CustomResourceDefinition")).isEmpty();
    }

    /** Unset flags are left out, so the operator's defaults apply; values.yaml names them, and must name them right. */
    @Test
    void unsetFlagsLeaveTheOperatorsDefaultsWhichValuesYamlNames() throws Exception {
        assertThat(args(HelmChart.template())).containsExactly("operator", "--metrics-port=8080", "--webhook-port=8081");
        String values = java.nio.file.Files.readString(HelmChart.dir().resolve("values.yaml"));
        CommandLine.Model.CommandSpec operator = Main.commandLine().getSubcommands().get("operator").getCommandSpec();
        for (String flag : List.of("--max-concurrent-syncs", "--max-transfers", "--max-transfers-per-registry")) {
            assertThat(values).as("values.yaml on %s", flag)
                    .containsPattern("\\(`" + flag + "`\\)[^:]*: the operator's default, "
                            + operator.findOption(flag).defaultValue() + "\\.");
        }
        assertThat(operator.findOption("--metrics-port").defaultValue()).isEqualTo("8080");
        assertThat(operator.findOption("--webhook-port").defaultValue()).isEqualTo("8081");
        assertThat(operator.findOption("--leader-election").defaultValue()).isEqualTo("true");
    }

    @Test
    void anExtraCaBundleIsMountedAndTrusted() {
        Manifests rendered = HelmChart.template(HelmChart.valueSet("extra-ca-values.yaml"));
        assertThat(args(rendered)).containsSubsequence("--ca-file=/etc/imagemirror/ca/ca.crt",
                "--ca-file=/etc/imagemirror/ca/partner-registry.pem");
        Object mount = Yaml.list(operator(rendered), "volumeMounts").stream()
                .filter(m -> "/etc/imagemirror/ca".equals(Yaml.str(m, "mountPath"))).findFirst().orElseThrow();
        assertThat(Yaml.at(mount, "readOnly")).isEqualTo(true);
        Object volume = Yaml.list(rendered.one("Deployment"), "spec", "template", "spec", "volumes").stream()
                .filter(v -> Yaml.str(v, "name").equals(Yaml.str(mount, "name"))).findFirst().orElseThrow();
        assertThat(Yaml.str(volume, "configMap", "name")).isEqualTo("registry-ca");
        assertThat(Yaml.list(volume, "configMap", "items")).containsExactly(
                Map.of("key", "ca.crt", "path", "ca.crt"),
                Map.of("key", "partner-registry.pem", "path", "partner-registry.pem"));
        assertThat(args(HelmChart.template())).noneMatch(a -> a.startsWith("--ca-file"));
    }

    @Test
    void monitoringObjectsOnlyWhenEnabled() {
        Manifests defaults = HelmChart.template();
        assertThat(defaults.all("ServiceMonitor")).isEmpty();
        assertThat(defaults.all("PrometheusRule")).isEmpty();

        Manifests rendered = HelmChart.template(HelmChart.valueSet("monitoring-values.yaml"));
        Map<String, Object> monitor = rendered.one("ServiceMonitor");
        assertThat(Yaml.map(monitor, "metadata", "labels")).containsEntry("release", "kube-prometheus-stack");
        assertThat(Yaml.str(monitor, "spec", "endpoints", 0, "interval")).isEqualTo("1m");
        Map<String, Object> rule = rendered.one("PrometheusRule");
        assertThat(Yaml.map(rule, "metadata", "labels")).containsEntry("release", "kube-prometheus-stack");
        assertThat(Yaml.str(rule, "spec", "groups", 0, "rules", 0, "alert")).isEqualTo("ImageMirrorNotReady");
        assertThat(Yaml.str(rule, "spec", "groups", 0, "rules", 0, "for")).isEqualTo("6h");

        Manifests onlyMonitor = HelmChart.template(t -> t.set("metrics.serviceMonitor.enabled", true));
        assertThat(onlyMonitor.all("ServiceMonitor")).hasSize(1);
        assertThat(onlyMonitor.all("PrometheusRule")).isEmpty();
    }

    @Test
    void theCrdCanBeLeftOutOrLeftToUninstall() {
        assertThat(HelmChart.template(HelmChart.valueSet("crds-not-installed-values.yaml"))
                .all("CustomResourceDefinition")).isEmpty();
        Map<String, Object> crd = HelmChart.template(HelmChart.valueSet("crds-not-kept-values.yaml"))
                .one("CustomResourceDefinition");
        assertThat(Yaml.map(crd, "metadata")).doesNotContainKey("annotations");
    }

    @Test
    void namesFollowTheOverridesAndTheReleaseName() {
        Manifests overridden = HelmChart.template(HelmChart.valueSet("names-values.yaml"));
        assertThat(overridden.ids()).contains("Deployment/platform-mirror-operator",
                "Service/platform-mirror-operator-metrics", "ClusterRole/platform-mirror-operator");
        assertThat(Yaml.str(overridden.one("Deployment"), "metadata", "labels", "app.kubernetes.io/name"))
                .isEqualTo("mirror");

        Manifests otherRelease = HelmChart.template("mirrors", t -> t.set("metrics.prometheusRule.enabled", true));
        assertThat(otherRelease.ids()).contains("Deployment/mirrors-imagemirror-operator",
                "Service/mirrors-imagemirror-operator-metrics", "ClusterRoleBinding/mirrors-imagemirror-operator");
        String job = Yaml.str(otherRelease.one("PrometheusRule"), "spec", "groups", 0, "rules", 2, "expr");
        assertThat(job).contains("job=\"mirrors-imagemirror-operator-metrics\"");
    }
}
