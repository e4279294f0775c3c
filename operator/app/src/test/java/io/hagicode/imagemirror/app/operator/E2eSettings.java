package io.hagicode.imagemirror.app.operator;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * How the k3s end-to-end test runs, from system properties: whether it must run ({@value #REQUIRED}, which CI sets)
 * or may skip on a machine that cannot run it, and which operator image it deploys.
 *
 * @param imageTar the Jib image tar ({@value #IMAGE_TAR}); a relative path is looked up from the working directory up,
 *                 since CI names it from the repository root while surefire runs in {@code operator/app}
 * @param image    the name the tar carries ({@value #IMAGE}), e.g. {@code imagemirror:e2e}
 */
record E2eSettings(boolean required, Optional<String> imageTar, String image) {
    static final String REQUIRED = "imagemirror.e2e.required";
    static final String IMAGE_TAR = "imagemirror.e2e.imageTar";
    static final String IMAGE = "imagemirror.e2e.image";
    static final String BUILD_COMMAND = "mvn -B -pl operator/app -am -Pjib-tar package -DskipTests "
            + "-Djib.from.platforms=linux/amd64 -Dimage=imagemirror:e2e";

    static E2eSettings fromSystemProperties() {
        return new E2eSettings(Boolean.getBoolean(REQUIRED),
                Optional.ofNullable(System.getProperty(IMAGE_TAR)).filter(s -> !s.isBlank()),
                System.getProperty(IMAGE, "imagemirror:e2e"));
    }

    /** Skips the calling test when {@code met} is false; fails it instead when the e2e test is required. */
    void need(boolean met, String why) {
        if (met) {
            return;
        }
        if (required) {
            fail(why + " (-D" + REQUIRED + "=true, so this fails instead of skipping)");
        }
        Assumptions.abort("skipped: " + why);
    }

    /** The operator image tar, which must exist. */
    Path operatorImageTar() {
        need(imageTar.isPresent(), "no operator image given: build it with '" + BUILD_COMMAND + "' and pass -D"
                + IMAGE_TAR + "=operator/app/target/jib-image.tar -D" + IMAGE + "=imagemirror:e2e");
        Optional<Path> found = find(imageTar.orElseThrow());
        need(found.isPresent(), "the operator image tar " + imageTar.orElseThrow() + " does not exist (looked from "
                + Path.of("").toAbsolutePath() + " up); build it with '" + BUILD_COMMAND + "'");
        return found.orElseThrow();
    }

    /** The repository part of {@link #image}, as kustomize's {@code images[].newName} takes it. */
    String imageName() {
        int colon = tagColon();
        return colon < 0 ? image : image.substring(0, colon);
    }

    /** The tag part of {@link #image}, {@code latest} when it has none. */
    String imageTag() {
        int colon = tagColon();
        return colon < 0 ? "latest" : image.substring(colon + 1);
    }

    private int tagColon() {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? colon : -1; // a colon before the last '/' is a registry port
    }

    private static Optional<Path> find(String path) {
        Path given = Path.of(path);
        if (given.isAbsolute()) {
            return Optional.of(given).filter(Files::isRegularFile);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(given))) {
                return Optional.of(dir.resolve(given));
            }
        }
        return Optional.empty();
    }
}
