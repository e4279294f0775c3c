package io.hagicode.imagemirror.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The cold-sync repository: {@code tags} tags, each an OCI index over linux/amd64 and linux/arm64, whose images
 * have three random (incompressible) layers the way real images do: a base layer per platform shared by every
 * tag (10% of the bytes each), a dependencies layer per platform shared by a group of four tags (25% in all), and an
 * application layer per tag and platform (55% in all). The unique bytes add up to about {@code totalMib}.
 */
final class ColdFixture {
    static final List<String> PLATFORMS = List.of("linux/amd64", "linux/arm64");
    private static final int TAGS_PER_GROUP = 4;
    private static final long MIB = 1L << 20;

    /**
     * @param tagDigests       tag -> index digest, in push order
     * @param uniqueBlobBytes  bytes of the distinct blobs (layers and configs): what a mirror must move per target
     * @param uniqueBlobs      how many distinct blobs
     * @param referencedBytes  blob bytes summed over every tag and platform, shared ones counted each time
     * @param largestBlobBytes the largest blob: one upload, over one connection, so it bounds a run from below too
     */
    record Pushed(String repository, Map<String, String> tagDigests, long uniqueBlobBytes, int uniqueBlobs,
                  long referencedBytes, long largestBlobBytes) {
    }

    private ColdFixture() {
    }

    static Pushed push(String hostPort, String repository, int totalMib, int tags) throws InterruptedException {
        int groups = (tags + TAGS_PER_GROUP - 1) / TAGS_PER_GROUP;
        int platforms = PLATFORMS.size();
        long total = totalMib * MIB;
        long baseBytes = total / 10;
        long depsBytes = total / 4 / ((long) groups * platforms);
        long appBytes = total * 55 / 100 / ((long) tags * platforms);

        try (FixturePusher pusher = new FixturePusher(hostPort)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<LayerBlob>> base = new ArrayList<>();
                List<List<Future<LayerBlob>>> deps = new ArrayList<>();
                List<List<Future<LayerBlob>>> app = new ArrayList<>();
                for (int p = 0; p < platforms; p++) {
                    base.add(layer(pool, pusher, repository, 1_000 + p, baseBytes));
                }
                for (int g = 0; g < groups; g++) {
                    deps.add(perPlatform(pool, pusher, repository, 2_000 + g * 10L, depsBytes));
                }
                for (int t = 0; t < tags; t++) {
                    app.add(perPlatform(pool, pusher, repository, 3_000 + t * 10L, appBytes));
                }

                ImageWriter writer = new ImageWriter(pusher, repository);
                Map<String, String> tagDigests = new LinkedHashMap<>();
                Map<String, Long> unique = new LinkedHashMap<>();
                long referenced = 0;
                for (int t = 0; t < tags; t++) {
                    List<ImageWriter.Written> images = new ArrayList<>();
                    for (int p = 0; p < platforms; p++) {
                        List<LayerBlob> layers = List.of(base.get(p).get(),
                                deps.get(t / TAGS_PER_GROUP).get(p).get(), app.get(t).get(p).get());
                        ImageWriter.Written image = writer.image(PLATFORMS.get(p), layers);
                        images.add(image);
                        for (LayerBlob l : layers) {
                            unique.put(l.digest(), l.size());
                            referenced += l.size();
                        }
                        unique.put(image.configDigest(), image.configBytes());
                        referenced += image.configBytes();
                    }
                    String tag = "v1." + t / TAGS_PER_GROUP + "." + t % TAGS_PER_GROUP;
                    tagDigests.put(tag, writer.index(tag, images));
                }
                long uniqueBytes = unique.values().stream().mapToLong(Long::longValue).sum();
                return new Pushed(repository, tagDigests, uniqueBytes, unique.size(), referenced,
                        unique.values().stream().mapToLong(Long::longValue).max().orElse(0));
            } catch (ExecutionException e) {
                throw new IllegalStateException("pushing the cold fixture failed: " + e.getCause().getMessage(),
                        e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static List<Future<LayerBlob>> perPlatform(ExecutorService pool, FixturePusher pusher, String repository,
                                                       long seed, long bytes) {
        List<Future<LayerBlob>> layers = new ArrayList<>();
        for (int p = 0; p < PLATFORMS.size(); p++) {
            layers.add(layer(pool, pusher, repository, seed + p, bytes));
        }
        return layers;
    }

    private static Future<LayerBlob> layer(ExecutorService pool, FixturePusher pusher, String repository, long seed,
                                           long bytes) {
        return pool.submit(() -> pusher.pushRandomLayer(repository, seed, bytes));
    }
}
