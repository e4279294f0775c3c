package io.hagicode.imagemirror.bench;

import io.hagicode.imagemirror.testkit.DistributionRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Copies a single-layer image under {@code -Xmx128m} to both targets, once with a small layer and once with a big
 * one (2 GiB by default), and records imagemirror's peak RSS for each: flat memory means the two are about equal.
 * The layers are generated as streams and every registry is deleted at the end, so the disk use is temporary.
 */
final class MemoryScenario {
    static final String HEAP = "-Xmx128m";
    private static final String SOURCE_REPO = "bench/layer";
    private static final String TARGET_REPO = "mirror/layer";
    private static final long MIB = 1L << 20;

    private final BenchSettings settings;
    private final Tools tools;
    private final Path dir;

    MemoryScenario(BenchSettings settings, Tools tools, Path dir) {
        this.settings = settings;
        this.tools = tools;
        this.dir = dir;
    }

    /** One layer copied: its size, the copy's wall time and peak RSS, and what the source served. */
    record LayerRun(long layerBytes, double pushSeconds, double wallSeconds, double peakRssMib,
                    double cpuSeconds, RegistryTraffic.Counts source) {
    }

    record Result(List<LayerRun> runs) {
        LayerRun small() {
            return runs.get(0);
        }

        LayerRun big() {
            return runs.get(runs.size() - 1);
        }
    }

    Result run() {
        List<LayerRun> runs = new ArrayList<>();
        try (DistributionRegistry source = DistributionRegistry.plain()) {
            RegistryTraffic traffic = new RegistryTraffic(source);
            for (int mib : List.of(settings.smallMib(), settings.bigMib())) {
                String tag = "layer-" + mib + "m";
                long t0 = System.nanoTime();
                Map.Entry<String, Long> pushed = pushSingleLayerImage(source, tag, mib * MIB);
                double pushSeconds = (System.nanoTime() - t0) / 1e9;
                Progress.say("memory: pushed a %d MiB layer in %.1f s", mib, pushSeconds);
                runs.add(copy(source, traffic, tag, pushed, pushSeconds));
            }
            traffic.keepLog(dir.resolve("source-registry-memory.log"));
        }
        return new Result(runs);
    }

    private LayerRun copy(DistributionRegistry source, RegistryTraffic traffic, String tag,
                          Map.Entry<String, Long> pushed, double pushSeconds) {
        try (TargetPair targets = new TargetPair()) {
            String name = "memory-" + tag;
            List<String> command = tools.imagemirror(name, source.hostPort() + "/" + SOURCE_REPO,
                    targets.repositories(TARGET_REPO), tag, List.of(HEAP)); // "layer-<n>m" has no regex metacharacters
            long mark = traffic.begin();
            MeasuredProcess.Run run = MeasuredProcess.run(name, command, dir).requireSuccess();
            RegistryTraffic.Counts counts = traffic.since(mark);
            Map<String, String> expected = Map.of(tag, pushed.getKey());
            targets.requireMirrored(name, TARGET_REPO, expected);
            Progress.say("memory: %s %.1f s, peak RSS %.0f MiB", name, run.wallSeconds(), run.peakRssMib());
            return new LayerRun(pushed.getValue(), pushSeconds, run.wallSeconds(), run.peakRssMib(),
                    run.cpuSeconds(), counts);
        }
    }

    /** Pushes {@code tag} as a linux/amd64 image of one random layer; returns its digest and the layer's size. */
    private static Map.Entry<String, Long> pushSingleLayerImage(DistributionRegistry source, String tag, long bytes) {
        try (FixturePusher pusher = new FixturePusher(source.hostPort())) {
            LayerBlob layer = pusher.pushRandomLayer(SOURCE_REPO, 5_000 + bytes / MIB, bytes);
            ImageWriter writer = new ImageWriter(pusher, SOURCE_REPO);
            String digest = writer.tag(tag, writer.image("linux/amd64", List.of(layer)));
            return Map.entry(digest, layer.size());
        }
    }
}
