package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** Checks every install variant's Deployment must pass: hardening, probes, ports, env. */
final class OperatorDeployment {
    static final String CONTAINER = "operator";

    private OperatorDeployment() {
    }

    static Map<String, Object> container(Map<String, Object> deployment) {
        List<Object> containers = Yaml.list(deployment, "spec", "template", "spec", "containers");
        assertThat(containers).as("containers").hasSize(1);
        assertThat(Yaml.str(containers.get(0), "name")).isEqualTo(CONTAINER);
        return Yaml.map(containers.get(0));
    }

    static void assertHardened(Map<String, Object> deployment) {
        Map<String, Object> pod = Yaml.map(deployment, "spec", "template", "spec");
        assertThat(Yaml.at(pod, "securityContext", "runAsNonRoot")).as("pod runAsNonRoot").isEqualTo(true);
        assertThat(Yaml.at(pod, "securityContext", "runAsUser")).as("pod runAsUser")
                .isInstanceOf(Integer.class).isNotEqualTo(0);
        assertThat(Yaml.str(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        for (String hostAccess : List.of("hostNetwork", "hostPID", "hostIPC")) {
            assertThat(pod.get(hostAccess)).as(hostAccess).isNotEqualTo(true);
        }
        assertThat(Yaml.list(pod, "volumes")).as("volumes").allSatisfy(v ->
                assertThat(Yaml.map(v)).as("volume " + v).doesNotContainKey("hostPath"));

        Map<String, Object> container = container(deployment);
        Map<String, Object> security = Yaml.map(container, "securityContext");
        assertThat(security.get("allowPrivilegeEscalation")).as("allowPrivilegeEscalation").isEqualTo(false);
        assertThat(security.get("readOnlyRootFilesystem")).as("readOnlyRootFilesystem").isEqualTo(true);
        assertThat(security.get("privileged")).as("privileged").isNotEqualTo(true);
        assertThat(security.get("runAsNonRoot")).as("container runAsNonRoot").isNotEqualTo(false);
        assertThat(Yaml.list(security, "capabilities", "drop")).as("capabilities.drop").containsExactly("ALL");
        assertThat(Yaml.list(security, "capabilities", "add")).as("capabilities.add").isEmpty();
        assertThat(Yaml.str(security, "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertThat(Yaml.str(container, "resources", kind, resource)).as("resources." + kind + "." + resource)
                        .isNotBlank();
            }
        }
        assertTmpIsAWritableEmptyDir(pod, container);
    }

    /** With a read-only root, the JVM and any temp file need /tmp; it must be an emptyDir. */
    private static void assertTmpIsAWritableEmptyDir(Map<String, Object> pod, Map<String, Object> container) {
        Object mount = Yaml.list(container, "volumeMounts").stream()
                .filter(m -> "/tmp".equals(Yaml.str(m, "mountPath"))).findFirst().orElse(null);
        assertThat(mount).as("a volume mounted at /tmp").isNotNull();
        assertThat(Yaml.at(mount, "readOnly")).as("/tmp read-only").isNotEqualTo(true);
        Object volume = Yaml.list(pod, "volumes").stream()
                .filter(v -> Yaml.str(v, "name").equals(Yaml.str(mount, "name"))).findFirst().orElse(null);
        assertThat(Yaml.map(volume)).as("the /tmp volume").containsKey("emptyDir");
    }

    /**
     * Probes hit /healthz and /readyz on the metrics port, which is the port the operator is told to serve; the only
     * other port is the webhook receiver's, also the one the operator is told to serve.
     */
    static void assertProbesAndMetricsPort(Map<String, Object> deployment) {
        Map<String, Object> container = container(deployment);
        List<Object> ports = Yaml.list(container, "ports");
        assertThat(ports).as("container ports").extracting(p -> Yaml.str(p, "name"))
                .containsExactly("metrics", "webhook");
        Object port = Yaml.at(ports.get(0), "containerPort");
        assertThat(Yaml.list(container, "args")).as("args").contains("operator", "--metrics-port=" + port,
                "--webhook-port=" + Yaml.at(ports.get(1), "containerPort"));
        assertThat(Yaml.str(container, "livenessProbe", "httpGet", "path")).isEqualTo("/healthz");
        assertThat(Yaml.str(container, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(Yaml.str(container, probe, "httpGet", "port")).as(probe + " port")
                    .isIn("metrics", String.valueOf(port));
        }
    }

    static Object env(Map<String, Object> deployment, String name) {
        return Yaml.list(container(deployment), "env").stream().filter(e -> name.equals(Yaml.str(e, "name")))
                .findFirst().orElse(null);
    }

    static void assertPodNamespaceFromDownwardApi(Map<String, Object> deployment) {
        assertThat(Yaml.str(env(deployment, "POD_NAMESPACE"), "valueFrom", "fieldRef", "fieldPath"))
                .as("POD_NAMESPACE (where the leader-election Lease lives)").isEqualTo("metadata.namespace");
    }
}
