package io.hagicode.imagemirror.app.operator;

import org.testcontainers.utility.DockerImageName;

/**
 * Two Distribution registries ({@value #IMAGE_NAME}) running in the cluster, each a Deployment and a NodePort Service
 * in {@value #NAMESPACE}: an anonymous source, and a target with basic auth (htpasswd). The operator pod reaches them by
 * their Service names; the test reaches them through the published NodePorts, to push fixtures and read digests.
 * <p>
 * The target's ingress is shaped to {@value #TARGET_INGRESS} (k3s ships the CNI bandwidth plugin), so that copying a
 * large layer takes long enough to be cancelled in flight; the small fixtures of the other steps do not notice.
 */
final class ClusterRegistries {
    static final String IMAGE_NAME = "registry:2";
    static final DockerImageName IMAGE = DockerImageName.parse(IMAGE_NAME);
    static final String NAMESPACE = "e2e-registries";
    static final int SOURCE_NODE_PORT = 30500;
    static final int TARGET_NODE_PORT = 30501;
    static final String USER = "robot";
    static final String PASSWORD = "e2e-Robot-Pass-4c1d";
    /** {@code htpasswd -Bbn robot e2e-Robot-Pass-4c1d}: Distribution accepts bcrypt only. */
    private static final String HTPASSWD = "robot:$2y$05$3BPts5z0UeF2V2mqS.lrRu1mAa/B/WGcqTFk8wRKzQMQvNTgi8jZO";
    private static final String TARGET_INGRESS = "16M";

    private ClusterRegistries() {
    }

    /** Applies both registries with kubectl and waits until they serve. */
    static Registries deploy(K3sCluster k3s) {
        k3s.writeFile("/tmp/e2e/registries.yaml", manifests());
        k3s.kubectl("apply", "-f", "/tmp/e2e/registries.yaml");
        for (String name : new String[] {"source", "target"}) {
            k3s.kubectl("rollout", "status", "-n", NAMESPACE, "deployment/" + name, "--timeout=180s");
        }
        String host = k3s.host();
        return new Registries(
                new ClusterRegistry(inCluster("source"), host + ":" + k3s.published(SOURCE_NODE_PORT), null, null),
                new ClusterRegistry(inCluster("target"), host + ":" + k3s.published(TARGET_NODE_PORT), USER, PASSWORD));
    }

    record Registries(ClusterRegistry source, ClusterRegistry target) {
    }

    private static String inCluster(String name) {
        return name + "." + NAMESPACE + ".svc.cluster.local:5000";
    }

    static String manifests() {
        return """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %1$s
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: target-htpasswd
                  namespace: %1$s
                stringData:
                  htpasswd: "%2$s"
                """.formatted(NAMESPACE, HTPASSWD)
                + registry("source", SOURCE_NODE_PORT, "", "", "", "")
                + registry("target", TARGET_NODE_PORT,
                """
                      annotations:
                        kubernetes.io/ingress-bandwidth: "%s"
                """.formatted(TARGET_INGRESS),
                """
                        env:
                          - {name: REGISTRY_AUTH, value: htpasswd}
                          - {name: REGISTRY_AUTH_HTPASSWD_REALM, value: e2e}
                          - {name: REGISTRY_AUTH_HTPASSWD_PATH, value: /auth/htpasswd}
                """,
                """
                        volumeMounts:
                          - {name: auth, mountPath: /auth, readOnly: true}
                """,
                """
                      volumes:
                        - name: auth
                          secret: {secretName: target-htpasswd}
                """);
    }

    /** One registry; the extra YAML goes under the pod template's metadata, the container, and the pod spec. */
    private static String registry(String name, int nodePort, String podMetadata, String env, String mounts,
                                   String volumes) {
        return """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                  namespace: %2$s
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                %4$s    spec:
                      containers:
                      - name: registry
                        image: %3$s
                        imagePullPolicy: IfNotPresent
                        ports:
                          - containerPort: 5000
                %5$s%6$s        readinessProbe:
                          tcpSocket: {port: 5000}
                          periodSeconds: 1
                %7$s---
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                  namespace: %2$s
                spec:
                  type: NodePort
                  selector: {app: %1$s}
                  ports:
                    - {port: 5000, targetPort: 5000, nodePort: %8$d}
                """.formatted(name, NAMESPACE, IMAGE_NAME, podMetadata, env, mounts, volumes, nodePort);
    }
}
