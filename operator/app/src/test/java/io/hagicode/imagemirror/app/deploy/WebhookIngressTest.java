package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl kustomize deploy/overlays/webhooks}: the example Ingress reaches the operator's webhook receiver, and
 * only it: Ingress backend, Service port, container port and {@code --webhook-port} name one port.
 */
class WebhookIngressTest {
    private static Manifests rendered;

    @BeforeAll
    static void render() {
        rendered = Kustomize.render(RepoRoot.find().resolve("deploy/overlays/webhooks"));
    }

    @Test
    void theIngressRoutesHookPathsToTheReceiverPortOnly() {
        Map<String, Object> ingress = rendered.one("Ingress");
        Map<String, Object> service = rendered.one("Service");
        List<Object> paths = Yaml.list(ingress, "spec", "rules", 0, "http", "paths");
        assertThat(paths).singleElement().satisfies(p -> {
            assertThat(Yaml.str(p, "path")).isEqualTo("/hook/");
            assertThat(Yaml.str(p, "backend", "service", "name")).isEqualTo(Yaml.str(service, "metadata", "name"));
            assertThat(Yaml.str(p, "backend", "service", "port", "name")).isEqualTo("webhook");
        });
        assertThat(Yaml.str(ingress, "metadata", "namespace")).isEqualTo(Yaml.str(service, "metadata", "namespace"));
    }

    @Test
    void theServicesWebhookPortIsTheContainerPortTheOperatorListensOn() {
        Map<String, Object> servicePort = Yaml.list(rendered.one("Service"), "spec", "ports").stream().map(Yaml::map)
                .filter(p -> "webhook".equals(p.get("name"))).findFirst().orElseThrow();
        Map<String, Object> container = OperatorDeployment.container(rendered.one("Deployment"));
        Map<String, Object> containerPort = Yaml.list(container, "ports").stream().map(Yaml::map)
                .filter(p -> "webhook".equals(p.get("name"))).findFirst().orElseThrow();
        assertThat(servicePort.get("targetPort")).isEqualTo("webhook");
        assertThat(Yaml.list(container, "args")).contains("--webhook-port=" + containerPort.get("containerPort"));
    }
}
