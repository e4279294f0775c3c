package io.hagicode.imagemirror.app.operator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * JUnit assumptions for container tests that must skip in seconds, not after Testcontainers' long timeouts: first a
 * look for any Docker endpoint without touching Testcontainers, then Docker's own answer, then the image (present
 * locally, or pulled within a bounded time).
 */
final class DockerAndImage {
    private static final long PULL_SECONDS = 20;

    private DockerAndImage() {
    }

    static void assumeAvailable(DockerImageName image) {
        assumeTrue(dockerEndpointConfigured(), "skipped: no Docker endpoint (no DOCKER_HOST, no docker.sock); this "
                + "e2e test needs Docker and the " + image + " image");
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "skipped: Docker is configured but does not answer");
        assumeTrue(imagePresentOrPulled(image), "skipped: the image " + image + " is not present and cannot be "
                + "pulled within " + PULL_SECONDS + " s (offline?); pre-load it with 'docker pull " + image + "'");
    }

    private static boolean dockerEndpointConfigured() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        return Files.exists(Path.of("/var/run/docker.sock"))
                || (runtime != null && Files.exists(Path.of(runtime, "docker.sock")))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"));
    }

    private static boolean imagePresentOrPulled(DockerImageName image) {
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            docker.inspectImageCmd(image.asCanonicalNameString()).exec();
            return true;
        } catch (NotFoundException e) {
            try {
                return docker.pullImageCmd(image.getUnversionedPart()).withTag(image.getVersionPart()).start()
                        .awaitCompletion(PULL_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            } catch (RuntimeException pullFailed) {
                return false;
            }
        }
    }
}
