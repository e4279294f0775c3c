package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.hagicode.imagemirror.oci.ProxySettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's {@code proxy} values, rendered by real Helm, become the environment the operator reads its proxies from. */
class ChartProxyTest {

    private static Map<String, String> plainEnv(Map<String, Object> deployment) {
        Map<String, String> env = new HashMap<>();
        for (Object e : Yaml.list(OperatorDeployment.container(deployment), "env")) {
            if (Yaml.at(e, "value") != null) {
                env.put(Yaml.str(e, "name"), Yaml.str(e, "value"));
            }
        }
        return env;
    }

    @Test
    void proxyValuesBecomeTheVariablesAndTheApiServerBypassesTheProxy() {
        Map<String, Object> deployment = HelmChart.template(HelmChart.valueSet("proxy-values.yaml")).one("Deployment");
        Map<String, String> env = plainEnv(deployment);

        assertThat(env).containsEntry("HTTPS_PROXY", "http://proxy.corp.example.com:3128")
                .containsEntry("HTTP_PROXY", "http://proxy.corp.example.com:3128")
                .containsEntry("NO_PROXY", ".corp.example.com,10.0.0.0/8,$(KUBERNETES_SERVICE_HOST)");
        // What the kubelet makes of $(KUBERNETES_SERVICE_HOST) must still be a NO_PROXY the operator accepts.
        env.put("NO_PROXY", env.get("NO_PROXY").replace("$(KUBERNETES_SERVICE_HOST)", "10.96.0.1"));
        assertThatCode(() -> ProxySettings.fromEnvironment(env)).doesNotThrowAnyException();
        assertThat(Yaml.map(deployment, "spec", "template", "spec", "containers", 0)).doesNotContainKey("envFrom");
    }

    @Test
    void proxyCredentialsComeFromTheSecretAndStayOutOfTheDeployment() {
        Map<String, Object> deployment = HelmChart.template(HelmChart.valueSet("proxy-secret-values.yaml"))
                .one("Deployment");

        assertThat(Yaml.list(OperatorDeployment.container(deployment), "envFrom"))
                .containsExactly(Map.of("secretRef", Map.of("name", "proxy-credentials")));
        assertThat(plainEnv(deployment)).doesNotContainKeys("HTTPS_PROXY", "HTTP_PROXY")
                .containsEntry("NO_PROXY", "$(KUBERNETES_SERVICE_HOST)");
    }

    @Test
    void withoutProxyValuesNoProxyVariableIsSet() {
        Map<String, Object> deployment = HelmChart.template().one("Deployment");

        assertThat(plainEnv(deployment)).doesNotContainKeys("HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY");
        assertThat(OperatorDeployment.container(deployment)).doesNotContainKey("envFrom");
    }

    @Test
    void aProxyWithoutSchemeIsRefusedByTheSchema() {
        assertThat(HelmChart.refusal(t -> t.set("proxy.httpsProxy", "proxy.corp.example.com:3128")))
                .isNotNull().contains("proxy.httpsProxy");
        assertThat(HelmChart.refusal(t -> t.set("proxy.httpsProxy", "socks5://proxy.corp.example.com:1080")))
                .isNotNull().contains("proxy.httpsProxy");
        assertThat(HelmChart.refusal(t -> t.set("proxy.httpsProxy", "http://proxy.corp.example.com:3128"))).isNull();
    }
}
