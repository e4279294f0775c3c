package io.hagicode.imagemirror.testkit;

import java.nio.file.Path;
import java.util.List;

/**
 * Builds seeded images in a temporary OCI layout and pushes them into a test registry with skopeo
 * ({@code copy --all}, plus {@code --format v2s2} for Docker manifests), using the registry's admin credentials.
 * Every push is read back from the registry, so the returned digests are the registry's.
 */
public final class FixtureImages {
    /** Default platforms of the multi-arch helpers. */
    public static final List<String> DEFAULT_PLATFORMS = List.of("linux/amd64", "linux/arm64/v8");
    private static final Skopeo SKOPEO = new Skopeo();

    /** Manifest format in the registry. */
    public enum Format {
        /** OCI image manifest / OCI index, exactly as built. */
        OCI,
        /** Docker schema 2 manifest / Docker manifest list (skopeo converts with --format v2s2). */
        DOCKER
    }

    private FixtureImages() {
    }

    /** Pushes {@code image} as {@code repository:tag}. */
    public static PushedImage push(DistributionRegistry registry, String repository, String tag, FixtureImage image,
                                   Format format) {
        Path dir = TestFiles.tempDir("imagemirror-layout-");
        try {
            OciLayoutWriter layout = new OciLayoutWriter(dir);
            layout.write(tag, image);
            RegistryImage target = registry.image(repository + ":" + tag);
            if (format == Format.DOCKER) {
                SKOPEO.copy(layout.image(tag), target, CopyOption.ALL, CopyOption.FORMAT_V2S2);
            } else {
                SKOPEO.copy(layout.image(tag), target, CopyOption.ALL);
            }
        } finally {
            TestFiles.deleteRecursively(dir);
        }
        String single = image.index() ? null : image.images().get(0).platform();
        return PushedImageReader.read(registry, repository, tag, single);
    }

    /** An OCI index over {@code platforms} (default: linux/amd64 and linux/arm64/v8) sharing a base layer. */
    public static PushedImage pushMultiArchOciIndex(DistributionRegistry registry, String repository, String tag,
                                                    long seed, String... platforms) {
        return push(registry, repository, tag, FixtureImage.seededIndex(seed, orDefault(platforms)), Format.OCI);
    }

    /** A Docker manifest list over {@code platforms} (default: linux/amd64 and linux/arm64/v8). */
    public static PushedImage pushDockerManifestList(DistributionRegistry registry, String repository, String tag,
                                                     long seed, String... platforms) {
        return push(registry, repository, tag, FixtureImage.seededIndex(seed, orDefault(platforms)), Format.DOCKER);
    }

    /** A single linux/amd64 OCI image manifest. */
    public static PushedImage pushOciImage(DistributionRegistry registry, String repository, String tag, long seed) {
        return push(registry, repository, tag, FixtureImage.single(ImageSpec.seeded("linux/amd64", seed)), Format.OCI);
    }

    /** A single linux/amd64 Docker schema 2 manifest. */
    public static PushedImage pushDockerImage(DistributionRegistry registry, String repository, String tag,
                                              long seed) {
        return push(registry, repository, tag, FixtureImage.single(ImageSpec.seeded("linux/amd64", seed)),
                Format.DOCKER);
    }

    /** Points {@code toTag} at the exact manifest bytes of {@code fromTag} (same digest). */
    public static PushedImage copyTag(DistributionRegistry registry, String repository, String fromTag,
                                      String toTag) {
        PushedImage from = readBack(registry, repository, fromTag);
        registry.admin().putManifest(repository, toTag, from.mediaType(), from.rawManifest());
        return readBack(registry, repository, toTag);
    }

    /** Describes what {@code repository:tag} holds now. */
    public static PushedImage readBack(DistributionRegistry registry, String repository, String tag) {
        return PushedImageReader.read(registry, repository, tag, "linux/amd64");
    }

    /**
     * Fills {@code repository} with {@code tagCount} tags named {@code tag-0000, tag-0001, ...}; see
     * {@link ManyTags#push}.
     */
    public static PushedRepository pushManyTags(DistributionRegistry registry, String repository, int tagCount,
                                                int distinctManifests, long seed) {
        return new ManyTags(registry, repository, seed).push(tagCount, distinctManifests,
                i -> String.format("tag-%04d", i));
    }

    private static String[] orDefault(String[] platforms) {
        return platforms.length == 0 ? DEFAULT_PLATFORMS.toArray(String[]::new) : platforms;
    }
}
