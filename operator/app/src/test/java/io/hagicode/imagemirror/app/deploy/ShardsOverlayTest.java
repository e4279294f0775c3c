package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hagicode.imagemirror.app.operator.MirrorSelector;
import io.hagicode.imagemirror.app.operator.Shard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl kustomize deploy/overlays/shards}: the default install with its Deployment split in two shards that
 * select disjoint ImageMirrors and lead through different Leases, each otherwise the default install's Deployment.
 */
class ShardsOverlayTest {
    private static final String SHARD_LABEL = "mirror.hagicode.io/shard";

    private static Manifests rendered;
    private static Map<String, Object> defaultDeployment;

    @BeforeAll
    static void render() {
        rendered = Kustomize.render(RepoRoot.find().resolve("deploy/overlays/shards"));
        defaultDeployment = Kustomize.render(RepoRoot.find().resolve("deploy")).one("Deployment");
    }

    @Test
    void rendersTheDefaultInstallWithTwoOperatorDeployments() {
        assertThat(rendered.ids()).containsExactlyInAnyOrder(
                "Namespace/" + DefaultInstallTest.NAMESPACE,
                "CustomResourceDefinition/imagemirrors.mirror.hagicode.io",
                "ServiceAccount/imagemirror-operator",
                "ClusterRole/imagemirror-operator",
                "ClusterRoleBinding/imagemirror-operator",
                "Deployment/imagemirror-operator-shard-a",
                "Deployment/imagemirror-operator-shard-b",
                "Service/imagemirror-operator-metrics",
                "Service/imagemirror-webhook-shard-a",
                "Service/imagemirror-webhook-shard-b");
        OperatorPermissions.assertExactlyRequired(rendered.one("ClusterRole"));
        for (Map<String, Object> deployment : rendered.all("Deployment")) {
            assertThat(Yaml.str(deployment, "metadata", "namespace")).isEqualTo(DefaultInstallTest.NAMESPACE);
            assertThat(Yaml.str(deployment, "metadata", "annotations", "internal.config.kubernetes.io/previousNames"))
                    .as("kustomize's bookkeeping left in the output").isNull();
        }
    }

    @Test
    void eachShardSelectsItsOwnMirrorsAndLeadsThroughItsOwnLease() {
        List<String> selectors = new ArrayList<>();
        List<String> leases = new ArrayList<>();
        for (Map<String, Object> deployment : rendered.all("Deployment")) {
            String selector = flag(deployment, "--selector");
            String lease = flag(deployment, "--lease-name");
            // What the operator will make of the flags: a valid selector, a valid Lease name.
            Shard shard = Shard.of(Optional.of(MirrorSelector.parse(selector)), Optional.of(lease));
            String label = Yaml.str(deployment, "spec", "template", "metadata", "labels", SHARD_LABEL);
            assertThat(shard.selector()).map(MirrorSelector::expression).contains(SHARD_LABEL + "=" + label);
            selectors.add(selector);
            leases.add(shard.leaseName());
        }
        assertThat(selectors).containsExactlyInAnyOrder(SHARD_LABEL + "=a", SHARD_LABEL + "=b");
        assertThat(leases).containsExactlyInAnyOrder("imagemirror-operator-shard-a", "imagemirror-operator-shard-b");
    }

    @Test
    void theDeploymentsDoNotShareTheirPodsAndTheMetricsServiceReachesBoth() {
        Map<String, Object> service = metricsService();
        List<Map<String, Object>> deployments = rendered.all("Deployment");
        for (Map<String, Object> deployment : deployments) {
            Map<String, Object> matchLabels = Yaml.map(deployment, "spec", "selector", "matchLabels");
            Map<String, Object> podLabels = Yaml.map(deployment, "spec", "template", "metadata", "labels");
            assertThat(podLabels).containsAllEntriesOf(matchLabels).containsAllEntriesOf(Yaml.map(service, "spec",
                    "selector"));
            for (Map<String, Object> other : deployments) {
                if (other != deployment) {
                    assertThat(Yaml.map(other, "spec", "template", "metadata", "labels"))
                            .as("the pods of another Deployment match the selector of "
                                    + Yaml.str(deployment, "metadata", "name"))
                            .doesNotContainEntry(SHARD_LABEL, matchLabels.get(SHARD_LABEL));
                }
            }
        }
    }

    /** A receiver knows only its own shard's mirrors: each shard's webhook Service reaches its pods and no others. */
    @Test
    void eachShardHasAWebhookServiceThatReachesOnlyItsPods() {
        List<Map<String, Object>> deployments = rendered.all("Deployment");
        for (String shard : List.of("a", "b")) {
            Map<String, Object> service = rendered.all("Service").stream()
                    .filter(s -> Yaml.str(s, "metadata", "name").equals("imagemirror-webhook-shard-" + shard))
                    .findFirst().orElseThrow();
            Map<String, Object> selector = Yaml.map(service, "spec", "selector");
            List<String> reached = deployments.stream()
                    .filter(d -> Yaml.map(d, "spec", "template", "metadata", "labels").entrySet()
                            .containsAll(selector.entrySet()))
                    .map(d -> Yaml.str(d, "metadata", "name")).toList();
            assertThat(reached).containsExactly("imagemirror-operator-shard-" + shard);
            assertThat(Yaml.str(service, "spec", "ports", 0, "targetPort")).isEqualTo("webhook");
            assertThat(Yaml.at(deployments.get(0), "spec", "template", "spec", "containers", 0, "ports"))
                    .asString().contains("name=webhook");
        }
    }

    private static Map<String, Object> metricsService() {
        return rendered.all("Service").stream()
                .filter(s -> Yaml.str(s, "metadata", "name").equals("imagemirror-operator-metrics"))
                .findFirst().orElseThrow();
    }

    /** Hardening, probes, env, resources and image come from deploy/base unchanged: a shard only adds its part. */
    @Test
    @SuppressWarnings("unchecked")
    void eachShardIsTheDefaultDeploymentPlusItsNameLabelAndFlags() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Map<String, Object> deployment : rendered.all("Deployment")) {
            OperatorDeployment.assertHardened(deployment);
            OperatorDeployment.assertProbesAndMetricsPort(deployment);
            Map<String, Object> withoutShard = json.readValue(json.writeValueAsBytes(deployment),
                    LinkedHashMap.class);
            Yaml.map(withoutShard, "metadata").put("name", Yaml.str(defaultDeployment, "metadata", "name"));
            Yaml.map(withoutShard, "spec", "selector", "matchLabels").remove(SHARD_LABEL);
            Yaml.map(withoutShard, "spec", "template", "metadata", "labels").remove(SHARD_LABEL);
            List<Object> args = Yaml.list(OperatorDeployment.container(withoutShard), "args");
            args.removeIf(a -> String.valueOf(a).startsWith("--selector=")
                    || String.valueOf(a).startsWith("--lease-name="));
            assertThat(withoutShard).isEqualTo(defaultDeployment);
        }
    }

    private static String flag(Map<String, Object> deployment, String name) {
        List<String> values = Yaml.list(OperatorDeployment.container(deployment), "args").stream()
                .map(String::valueOf).filter(a -> a.startsWith(name + "=")).map(a -> a.substring(name.length() + 1))
                .toList();
        assertThat(values).as(name + " of " + Yaml.str(deployment, "metadata", "name")).hasSize(1);
        return values.get(0);
    }
}
