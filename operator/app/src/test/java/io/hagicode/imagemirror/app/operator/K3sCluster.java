package io.hagicode.imagemirror.app.operator;

import com.github.dockerjava.api.DockerClient;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * k3s in a container (Testcontainers), driven the way an administrator drives a cluster: {@code k3s kubectl} and
 * {@code ctr} inside the container. A fabric8 client from the host is there for polling. The NodePorts given to
 * {@link #start} are published on the host, so the test reaches in-cluster Services (the registries) from outside.
 */
final class K3sCluster implements AutoCloseable {
    static final DockerImageName IMAGE = DockerImageName.parse("rancher/k3s:v1.31.4-k3s1");
    private static final String IMPORT_DIR = "/tmp/e2e-images/";

    final KubernetesClient client;
    private final K3sContainer container;

    private K3sCluster(K3sContainer container) {
        this.container = container;
        this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(container.getKubeConfigYaml()))
                .build();
    }

    static K3sCluster start(int... nodePorts) {
        K3sContainer container = new K3sContainer(IMAGE);
        container.addExposedPorts(nodePorts);
        container.start();
        return new K3sCluster(container);
    }

    /** Where the test reaches the cluster's published ports. */
    String host() {
        return container.getHost();
    }

    /** The host port that {@code nodePort} of the cluster is published on. */
    int published(int nodePort) {
        return container.getMappedPort(nodePort);
    }

    /** {@code k3s kubectl ARGS} in the container; fails with kubectl's own message on a non-zero exit. */
    String kubectl(String... args) {
        ExecResult r = tryKubectl(args);
        if (r.getExitCode() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + r.getExitCode() + ": "
                    + r.getStderr().strip() + "\n" + r.getStdout().strip());
        }
        return r.getStdout();
    }

    /** {@code k3s kubectl ARGS}, for callers that expect it to fail at times. */
    ExecResult tryKubectl(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "k3s";
        command[1] = "kubectl";
        System.arraycopy(args, 0, command, 2, args.length);
        return exec(command);
    }

    /** Puts an image tar (docker save or Jib format) into the containerd that kubelet uses. */
    void importImage(Path tar) {
        String inContainer = IMPORT_DIR + tar.getFileName();
        container.copyFileToContainer(MountableFile.forHostPath(tar), inContainer);
        ExecResult r = exec("ctr", "-n", "k8s.io", "images", "import", inContainer);
        if (r.getExitCode() != 0) {
            throw new AssertionError("ctr images import " + tar + " failed: " + r.getStderr().strip());
        }
        exec("rm", "-f", inContainer);
    }

    /** Copies an image from the host's Docker into the cluster, so kubelet never pulls it. */
    void importDockerImage(DockerImageName image) {
        DockerClient docker = DockerClientFactory.instance().client();
        Path tar = null;
        try (InputStream saved = docker.saveImageCmd(image.asCanonicalNameString()).exec()) {
            tar = Files.createTempFile("e2e-image-", ".tar");
            Files.copy(saved, tar, StandardCopyOption.REPLACE_EXISTING);
            importImage(tar);
        } catch (IOException e) {
            throw new UncheckedIOException("docker save " + image, e);
        } finally {
            if (tar != null) {
                tar.toFile().delete();
            }
        }
    }

    void copyToContainer(Path hostPath, String containerPath) {
        container.copyFileToContainer(MountableFile.forHostPath(hostPath), containerPath);
    }

    void writeFile(String containerPath, String content) {
        container.copyFileToContainer(Transferable.of(content), containerPath);
    }

    /** What to look at when a step failed: every object, the pods' descriptions and recent events. */
    String diagnostics(List<String> namespaces) {
        StringBuilder out = new StringBuilder(tryKubectl("get", "all,leases,imagemirrors", "-A", "-o", "wide")
                .getStdout());
        for (String ns : namespaces) {
            out.append("\n--- pods in ").append(ns).append('\n')
                    .append(tryKubectl("describe", "pods", "-n", ns).getStdout())
                    .append("\n--- events in ").append(ns).append('\n')
                    .append(tryKubectl("get", "events", "-n", ns, "--sort-by=.lastTimestamp").getStdout());
        }
        return out.toString();
    }

    private ExecResult exec(String... command) {
        try {
            return container.execInContainer(command);
        } catch (IOException e) {
            throw new UncheckedIOException("exec in k3s: " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    @Override
    public void close() {
        client.close();
        container.stop();
    }
}
