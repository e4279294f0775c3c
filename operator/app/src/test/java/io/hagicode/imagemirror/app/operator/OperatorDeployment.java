package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The operator installed as the install guide says ({@code kubectl apply -k deploy/}), with one overlay on top that
 * only swaps in the image under test and forbids pulling it: the real API server must accept the CRD, the RBAC and the
 * hardened Deployment as committed, and the operator runs as a pod from the image Jib built. kustomize is kubectl's
 * own, run inside k3s, so the host needs no kubectl.
 */
final class OperatorDeployment {
    static final String NAMESPACE = "imagemirror-system";
    static final String NAME = "imagemirror-operator";
    private static final String CRD = "imagemirrors.mirror.hagicode.io";
    private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "imagemirror",
            "app.kubernetes.io/component", "operator");
    /** The image name deploy/base/kustomization.yaml pins; the overlay replaces it. */
    private static final String PUBLISHED_IMAGE = "ghcr.io/hagicode/imagemirror";

    private final K3sCluster k3s;

    private OperatorDeployment(K3sCluster k3s) {
        this.k3s = k3s;
    }

    static OperatorDeployment install(K3sCluster k3s, E2eSettings e2e) {
        k3s.copyToContainer(repositoryDir("deploy"), "/tmp/e2e/deploy");
        k3s.writeFile("/tmp/e2e/overlay/kustomization.yaml", overlay(e2e));
        System.out.println("e2e: kubectl apply -k deploy/ with image " + e2e.image() + ":\n"
                + k3s.kubectl("apply", "-k", "/tmp/e2e/overlay"));
        k3s.kubectl("wait", "--for=condition=Established", "crd/" + CRD, "--timeout=60s");
        OperatorDeployment deployment = new OperatorDeployment(k3s);
        deployment.awaitRollout();
        return deployment;
    }

    /** The image under test, never pulled: were the import missing, the pod fails with ErrImageNeverPull at once. */
    static String overlay(E2eSettings e2e) {
        return """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../deploy
                images:
                  - name: %s
                    newName: %s
                    newTag: "%s"
                patches:
                  - target:
                      kind: Deployment
                      name: %s
                    patch: |-
                      - op: replace
                        path: /spec/template/spec/containers/0/imagePullPolicy
                        value: Never
                """.formatted(PUBLISHED_IMAGE, e2e.imageName(), e2e.imageTag(), NAME);
    }

    /** Waits until every replica of the Deployment is up to date and ready (/readyz). */
    void awaitRollout() {
        k3s.kubectl("rollout", "status", "-n", NAMESPACE, "deployment/" + NAME, "--timeout=300s");
    }

    void scale(int replicas) {
        k3s.kubectl("scale", "-n", NAMESPACE, "deployment/" + NAME, "--replicas=" + replicas);
        awaitRollout();
    }

    /** The operator's pods that are not being deleted. */
    List<String> pods() {
        return k3s.client.pods().inNamespace(NAMESPACE).withLabels(LABELS).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).map(p -> p.getMetadata().getName())
                .toList();
    }

    String logs(String pod) {
        return k3s.kubectl("logs", "-n", NAMESPACE, pod);
    }

    /** The logs of the Deployment's (only) pod. */
    String logs() {
        return k3s.kubectl("logs", "-n", NAMESPACE, "deployment/" + NAME);
    }

    void deletePod(String pod) {
        k3s.kubectl("delete", "pod", "-n", NAMESPACE, pod, "--wait=false");
    }

    LeaseSpec lease() {
        Lease lease = k3s.client.leases().inNamespace(NAMESPACE).withName(OperatorSettings.LEASE_NAME).get();
        return lease == null ? null : lease.getSpec();
    }

    private static Path repositoryDir(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(name).resolve("kustomization.yaml"))) {
                return dir.resolve(name);
            }
        }
        throw new IllegalStateException(name + "/kustomization.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
