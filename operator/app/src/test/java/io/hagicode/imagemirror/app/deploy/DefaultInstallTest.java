package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code kubectl kustomize deploy/}: the default, cluster-wide install. */
class DefaultInstallTest {
    static final String NAMESPACE = "imagemirror-system";
    static final String IMAGE_REPOSITORY = "ghcr.io/hagicode/imagemirror";
    private static final String CRD_FILE = "imagemirrors.mirror.hagicode.io.yaml";

    private static Path root;
    private static Manifests rendered;

    @BeforeAll
    static void render() {
        root = RepoRoot.find();
        rendered = Kustomize.render(root.resolve("deploy"));
    }

    @Test
    void rendersExactlyTheObjectsOfAnInstall() {
        assertThat(rendered.ids()).containsExactlyInAnyOrder(
                "Namespace/" + NAMESPACE,
                "CustomResourceDefinition/imagemirrors.mirror.hagicode.io",
                "ServiceAccount/imagemirror-operator",
                "ClusterRole/imagemirror-operator",
                "ClusterRoleBinding/imagemirror-operator",
                "Deployment/imagemirror-operator",
                "Service/imagemirror-operator-metrics");
    }

    @Test
    void namespacedObjectsAreInTheOperatorNamespace() {
        for (String kind : List.of("ServiceAccount", "Deployment", "Service")) {
            assertThat(Yaml.str(rendered.one(kind), "metadata", "namespace")).as(kind).isEqualTo(NAMESPACE);
        }
        assertThat(Yaml.str(rendered.one("Namespace"), "metadata", "labels", "pod-security.kubernetes.io/enforce"))
                .isEqualTo("restricted");
    }

    @Test
    void theCrdIsTheOneGeneratedFromTheJavaModel() throws Exception {
        byte[] generated = Files.readAllBytes(root.resolve("crds").resolve(CRD_FILE));
        assertThat(Files.readAllBytes(root.resolve("deploy/crds").resolve(CRD_FILE)))
                .as("deploy/crds/%s must be a byte-for-byte copy of crds/%s; refresh it with "
                        + "`cp crds/%s deploy/crds/`", CRD_FILE, CRD_FILE, CRD_FILE)
                .isEqualTo(generated);
        // kustomize re-serialises (64.0 becomes 64), so the rendered CRD is compared as data, numbers by value.
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode expected = yaml.readTree(generated);
        JsonNode actual = yaml.valueToTree(rendered.one("CustomResourceDefinition"));
        Comparator<JsonNode> numbersByValue = (a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);
        assertThat(expected.equals(numbersByValue, actual)).as("the CRD as kustomize renders it equals crds/%s:\n%s",
                CRD_FILE, actual).isTrue();
    }

    @Test
    void theClusterRoleGrantsExactlyWhatTheOperatorNeeds() {
        OperatorPermissions.assertExactlyRequired(rendered.one("ClusterRole"));
    }

    @Test
    void theBindingGivesTheRoleToTheDeploymentsServiceAccount() {
        Map<String, Object> binding = rendered.one("ClusterRoleBinding");
        assertThat(Yaml.str(binding, "roleRef", "kind")).isEqualTo("ClusterRole");
        assertThat(Yaml.str(binding, "roleRef", "name")).isEqualTo(Yaml.str(rendered.one("ClusterRole"), "metadata", "name"));
        Map<String, Object> account = rendered.one("ServiceAccount");
        assertThat(Yaml.list(binding, "subjects")).singleElement().satisfies(s -> {
            assertThat(Yaml.str(s, "kind")).isEqualTo("ServiceAccount");
            assertThat(Yaml.str(s, "name")).isEqualTo(Yaml.str(account, "metadata", "name"));
            assertThat(Yaml.str(s, "namespace")).isEqualTo(Yaml.str(account, "metadata", "namespace"));
        });
        assertThat(Yaml.str(rendered.one("Deployment"), "spec", "template", "spec", "serviceAccountName"))
                .isEqualTo(Yaml.str(account, "metadata", "name"));
    }

    @Test
    void theDeploymentIsHardened() {
        OperatorDeployment.assertHardened(rendered.one("Deployment"));
    }

    @Test
    void probesAndMetricsUseTheOperatorsMetricsPort() {
        Map<String, Object> deployment = rendered.one("Deployment");
        OperatorDeployment.assertProbesAndMetricsPort(deployment);
        Map<String, Object> service = rendered.one("Service");
        assertThat(Yaml.list(service, "spec", "ports")).hasSize(2).allSatisfy(p ->
                assertThat(Yaml.str(p, "targetPort")).isEqualTo(Yaml.str(p, "name")));
        assertThat(Yaml.list(service, "spec", "ports")).extracting(p -> Yaml.str(p, "name"))
                .containsExactly("metrics", "webhook");
        Map<String, Object> podLabels = Yaml.map(deployment, "spec", "template", "metadata", "labels");
        assertThat(podLabels).containsAllEntriesOf(Yaml.map(service, "spec", "selector"));
        assertThat(Yaml.map(deployment, "spec", "selector", "matchLabels")).isEqualTo(Yaml.map(service, "spec", "selector"));
    }

    @Test
    void theOperatorWatchesAllNamespacesAndKnowsItsOwn() {
        Map<String, Object> deployment = rendered.one("Deployment");
        OperatorDeployment.assertPodNamespaceFromDownwardApi(deployment);
        Object watched = OperatorDeployment.env(deployment, "IMAGEMIRROR_NAMESPACES");
        assertThat(Yaml.str(watched, "value")).as("IMAGEMIRROR_NAMESPACES (empty = all)").isEmpty();
    }

    @Test
    void theImageIsTheReleaseOfThisVersion() throws Exception {
        String image = Yaml.str(OperatorDeployment.container(rendered.one("Deployment")), "image");
        assertThat(image).isEqualTo(IMAGE_REPOSITORY + ":" + releaseVersion());
        assertThat(Yaml.str(OperatorDeployment.container(rendered.one("Deployment")), "imagePullPolicy"))
                .isEqualTo("IfNotPresent");
    }

    /** The project version without -SNAPSHOT: the image a release of this checkout publishes. */
    static String releaseVersion() throws Exception {
        String pom = Files.readString(RepoRoot.find().resolve("operator/app/pom.xml"));
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>.*?</parent>", Pattern.DOTALL).matcher(pom);
        assertThat(m.find()).as("parent version in operator/app/pom.xml").isTrue();
        return m.group(1).replace("-SNAPSHOT", "");
    }
}
