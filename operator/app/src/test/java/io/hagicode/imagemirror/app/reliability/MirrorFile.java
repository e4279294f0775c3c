package io.hagicode.imagemirror.app.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mirror file the reliability tests give the CLI: {@code team/app} of an insecure source, the targets the test
 * chooses, and no retries, so that a fault shows on the first try.
 */
final class MirrorFile {
    private MirrorFile() {
    }

    /**
     * Writes {@code dir/<name>.yaml}, an ImageMirror named {@code name}; {@code targets} are YAML list items indented
     * four spaces, as {@link #target} writes one.
     */
    static Path write(Path dir, String name, String sourceHost, String targets) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                apiVersion: mirror.hagicode.io/v1alpha1
                kind: ImageMirror
                metadata: {name: %s}
                spec:
                  source: {repository: %s/team/app, insecure: true}
                  targets:
                %s
                  retries: 0
                """.formatted(name, sourceHost, targets));
        return file;
    }

    /** One target, {@code targetHost/mirror/<repository>}. */
    static String target(String targetHost, String repository, boolean insecure) {
        return "    - repository: %s/mirror/%s\n      insecure: %s".formatted(targetHost, repository, insecure);
    }
}
