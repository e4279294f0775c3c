package io.hagicode.imagemirror.testkit;

import java.nio.file.Path;

/**
 * Writes tag links straight into a stopped-or-running Distribution 2.8 filesystem storage. Only for tags whose
 * manifest the registry already holds (pushed through the API, so its revision link and blob exist): then a tag is
 * just two link files, and the registry, which caches no tags, serves it at once. Layout:
 * {@code docker/registry/v2/repositories/<repo>/_manifests/tags/<tag>/{current/link, index/sha256/<hex>/link}}.
 */
final class RegistryStorage {
    private final Path root;

    RegistryStorage(Path storageDir) {
        this.root = storageDir.resolve("docker/registry/v2/repositories");
    }

    /** Points {@code tag} at {@code digest}; the manifest must already be in {@code repository}. */
    void linkTag(String repository, String tag, String digest) {
        Path manifests = root.resolve(repository).resolve("_manifests");
        String hex = digest.substring("sha256:".length());
        if (!manifests.resolve("revisions/sha256").resolve(hex).resolve("link").toFile().isFile()) {
            throw new IllegalStateException("manifest " + digest + " is not in " + repository
                    + ": push it through the registry API before linking tags to it");
        }
        Path tagDir = manifests.resolve("tags").resolve(tag);
        TestFiles.write(tagDir.resolve("index/sha256").resolve(hex).resolve("link"), digest);
        TestFiles.write(tagDir.resolve("current/link"), digest);
    }
}
