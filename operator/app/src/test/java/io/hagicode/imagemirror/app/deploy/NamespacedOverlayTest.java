package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code kubectl kustomize deploy/overlays/namespaced}: one namespace, a Role instead of a ClusterRole. */
class NamespacedOverlayTest {
    private static Manifests rendered;

    @BeforeAll
    static void render() {
        rendered = Kustomize.render(RepoRoot.find().resolve("deploy/overlays/namespaced"));
    }

    @Test
    void noClusterWidePermissionsAreGranted() {
        assertThat(rendered.all("ClusterRole")).isEmpty();
        assertThat(rendered.all("ClusterRoleBinding")).isEmpty();
    }

    @Test
    void theRoleGrantsExactlyWhatTheOperatorNeedsInItsNamespace() {
        Map<String, Object> role = rendered.one("Role");
        OperatorPermissions.assertExactlyRequired(role);
        assertThat(Yaml.str(role, "metadata", "namespace")).isEqualTo(DefaultInstallTest.NAMESPACE);
    }

    @Test
    void theRoleBindingBindsTheServiceAccountInTheSameNamespace() {
        Map<String, Object> binding = rendered.one("RoleBinding");
        Map<String, Object> account = rendered.one("ServiceAccount");
        assertThat(Yaml.str(binding, "metadata", "namespace")).isEqualTo(Yaml.str(account, "metadata", "namespace"));
        assertThat(Yaml.str(binding, "roleRef", "kind")).isEqualTo("Role");
        assertThat(Yaml.str(binding, "roleRef", "name")).isEqualTo(Yaml.str(rendered.one("Role"), "metadata", "name"));
        assertThat(Yaml.list(binding, "subjects")).singleElement().satisfies(s -> {
            assertThat(Yaml.str(s, "name")).isEqualTo(Yaml.str(account, "metadata", "name"));
            assertThat(Yaml.str(s, "namespace")).isEqualTo(Yaml.str(account, "metadata", "namespace"));
        });
    }

    @Test
    void theOperatorWatchesOnlyTheNamespaceItRunsIn() {
        Map<String, Object> deployment = rendered.one("Deployment");
        Object watched = OperatorDeployment.env(deployment, "IMAGEMIRROR_NAMESPACES");
        assertThat(Yaml.map(watched)).as("IMAGEMIRROR_NAMESPACES").doesNotContainKey("value");
        assertThat(Yaml.str(watched, "valueFrom", "fieldRef", "fieldPath")).isEqualTo("metadata.namespace");
        OperatorDeployment.assertPodNamespaceFromDownwardApi(deployment);
    }

    @Test
    void theDeploymentKeepsItsHardeningAndTheCrdIsStillInstalled() {
        OperatorDeployment.assertHardened(rendered.one("Deployment"));
        OperatorDeployment.assertProbesAndMetricsPort(rendered.one("Deployment"));
        assertThat(rendered.all("CustomResourceDefinition")).hasSize(1);
    }
}
