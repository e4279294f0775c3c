package io.hagicode.imagemirror.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Fills a repository with many tags quickly. One skopeo push uploads the blobs; each of {@code distinct} variants of
 * the same single-platform OCI image (they differ only by an annotation, so they share every blob) is PUT through the
 * API under its first tag; every further tag is by default written as link files straight into the registry's
 * storage ({@link RegistryStorage}), because Distribution takes about 5 ms per manifest PUT (1,000 tags: ~5 s via the
 * API, ~0.3 s via storage). Those tags are then served like any other but leave no PUT in the access log;
 * {@link #viaRegistryApi()} PUTs every tag instead.
 */
public final class ManyTags {
    static final String VARIANT_ANNOTATION = "io.hagicode.imagemirror.testkit.variant";
    private static final int PUT_THREADS = 4;

    private final DistributionRegistry registry;
    private final String repository;
    private final long seed;
    private final boolean everyTagViaApi;

    public ManyTags(DistributionRegistry registry, String repository, long seed) {
        this(registry, repository, seed, false);
    }

    private ManyTags(DistributionRegistry registry, String repository, long seed, boolean everyTagViaApi) {
        this.registry = registry;
        this.repository = repository;
        this.seed = seed;
        this.everyTagViaApi = everyTagViaApi;
    }

    /** The same, but every tag is a manifest PUT through the registry API (slower; each shows in the access log). */
    public ManyTags viaRegistryApi() {
        return new ManyTags(registry, repository, seed, true);
    }

    /**
     * @param tagCount tags to create
     * @param distinct distinct manifests among them (tag i gets variant i % distinct)
     * @param tagName  name of tag i
     */
    public PushedRepository push(int tagCount, int distinct, IntFunction<String> tagName) {
        if (tagCount < 1 || distinct < 1 || distinct > tagCount) {
            throw new IllegalArgumentException("need 1 <= distinct <= tagCount, got tagCount=" + tagCount
                    + ", distinct=" + distinct);
        }
        ImageSpec base = ImageSpec.seeded("linux/amd64", seed);
        Path dir = TestFiles.tempDir("imagemirror-layout-");
        try {
            OciLayoutWriter layout = new OciLayoutWriter(dir);
            List<byte[]> variants = new ArrayList<>();
            for (int v = 0; v < distinct; v++) {
                LayoutDescriptor d = layout.writeImage(base.withAnnotation(VARIANT_ANNOTATION, Integer.toString(v)));
                variants.add(Files.readAllBytes(dir.resolve("blobs/sha256/" + d.digest().substring(7))));
            }
            layout.write("variant-0", FixtureImage.single(base.withAnnotation(VARIANT_ANNOTATION, "0")));
            new Skopeo().copy(layout.image("variant-0"), registry.image(repository + ":" + tagName.apply(0)),
                    CopyOption.ALL, CopyOption.PRESERVE_DIGESTS);
            Map<String, String> tagDigests = putTags(tagCount, tagName, variants);
            PushedImage first = FixtureImages.readBack(registry, repository, tagName.apply(0));
            return new PushedRepository(repository, tagDigests, first.blobDigests());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }

    private Map<String, String> putTags(int tagCount, IntFunction<String> tagName, List<byte[]> variants) {
        ExecutorService pool = Executors.newFixedThreadPool(PUT_THREADS);
        try {
            Map<String, Future<?>> puts = new LinkedHashMap<>();
            Map<String, String> digests = new LinkedHashMap<>();
            for (int i = 0; i < tagCount; i++) {
                String tag = tagName.apply(i);
                byte[] bytes = variants.get(i % variants.size());
                if (digests.put(tag, Skopeo.sha256(bytes)) != null) {
                    throw new IllegalArgumentException("tagName gives '" + tag + "' twice (again for i=" + i + ")");
                }
                if (i > 0 && (everyTagViaApi || i < variants.size())) {
                    puts.put(tag, pool.submit(() ->
                            registry.admin().putManifest(repository, tag, OciLayoutWriter.OCI_MANIFEST, bytes)));
                }
            }
            for (Future<?> f : puts.values()) {
                f.get();
            }
            if (!everyTagViaApi) {
                RegistryStorage storage = new RegistryStorage(registry.storageDir());
                digests.entrySet().stream().skip(variants.size())
                        .forEach(e -> storage.linkTag(repository, e.getKey(), e.getValue()));
            }
            return digests;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("manifest PUT failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while tagging " + repository, e);
        } finally {
            pool.shutdownNow();
        }
    }
}
