package io.hagicode.imagemirror.app.operator;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Checks for container tests that must skip in seconds, not after Testcontainers' long timeouts (or fail, when
 * {@link E2eSettings#required}): first a look for any Docker endpoint without touching Testcontainers, then Docker's
 * own answer, then each image (present locally, or pulled within a bounded time).
 */
final class DockerAndImage {
    /** Where the test may skip, a missing image must not hold it up; where it is required, pulls may take a while. */
    private static final Duration PULL_WHEN_OPTIONAL = Duration.ofSeconds(20);
    private static final Duration PULL_WHEN_REQUIRED = Duration.ofMinutes(10);

    private DockerAndImage() {
    }

    static void require(E2eSettings e2e, DockerImageName... images) {
        e2e.need(dockerEndpointConfigured(), "no Docker endpoint (no DOCKER_HOST, no docker.sock); this e2e test "
                + "needs Docker");
        e2e.need(DockerClientFactory.instance().isDockerAvailable(), "Docker is configured but does not answer");
        Duration pull = e2e.required() ? PULL_WHEN_REQUIRED : PULL_WHEN_OPTIONAL;
        for (DockerImageName image : images) {
            e2e.need(imagePresentOrPulled(image, pull), "the image " + image + " is not present and cannot be pulled "
                    + "within " + pull.toSeconds() + " s (offline?); pre-load it with 'docker pull " + image + "'");
        }
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

    private static boolean imagePresentOrPulled(DockerImageName image, Duration pull) {
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            docker.inspectImageCmd(image.asCanonicalNameString()).exec();
            return true;
        } catch (NotFoundException e) {
            try {
                return docker.pullImageCmd(image.getUnversionedPart()).withTag(image.getVersionPart()).start()
                        .awaitCompletion(pull.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            } catch (RuntimeException pullFailed) {
                return false;
            }
        }
    }
}
