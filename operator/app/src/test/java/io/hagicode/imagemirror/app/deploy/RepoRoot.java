package io.hagicode.imagemirror.app.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the tests run in, found by walking up from the working directory. */
final class RepoRoot {
    private RepoRoot() {
    }

    static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/kustomization.yaml")) && Files.isDirectory(dir.resolve("crds"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no deploy/kustomization.yaml above " + Path.of("").toAbsolutePath());
    }
}
