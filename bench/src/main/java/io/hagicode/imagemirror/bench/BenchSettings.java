package io.hagicode.imagemirror.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What to run and how big, from environment variables (run.sh documents them). Sizes are MiB of unique,
 * incompressible blob bytes.
 *
 * @param jar          the imagemirror CLI jar under test
 * @param doc          the markdown file the results go into
 * @param workDir      where each run keeps its process outputs (for a look after the fact)
 * @param coldMib      cold-sync fixture size
 * @param coldTags     tags in the cold-sync fixture (multi-arch, sharing base and dependency layers)
 * @param noopTags     tags in the no-op fixture
 * @param noopDistinct distinct manifests those tags point at
 * @param smallMib     the small single layer of the memory scenario (the baseline RSS)
 * @param bigMib       the big single layer of the memory scenario
 * @param concurrency  the ImageMirror spec's concurrency for every imagemirror run
 * @param repeats      runs of each timed command; the median counts
 * @param skip         scenarios not to run: wan, wan-cold, wan-noop, cold, noop, memory
 * @param idleLoad     when above 0: wait (up to 15 minutes) for the 1-minute load average to drop below it first
 * @param wanColdMib   cold-sync fixture size of the WAN scenario
 * @param wanColdTags  its tags
 * @param wanNoopTags  the tag counts of the WAN scenario's no-op runs, one run each
 * @param wanVariants  the WAN scenario's variants to run (imagemirror, skopeo-sequential, skopeo-parallel); empty: all
 * @param classArchive whether imagemirror runs with its launcher's class data archive (made by a training sync first)
 */
record BenchSettings(Path jar, Path doc, Path workDir, int coldMib, int coldTags, int noopTags, int noopDistinct,
                     int smallMib, int bigMib, int concurrency, int repeats, Set<String> skip, double idleLoad,
                     int wanColdMib, int wanColdTags, List<Integer> wanNoopTags, Set<String> wanVariants,
                     boolean classArchive) {

    static BenchSettings fromEnvironment(Map<String, String> env) {
        return new BenchSettings(
                Path.of(env.getOrDefault("BENCH_JAR", "operator/target/imagemirror.jar")),
                Path.of(env.getOrDefault("BENCH_DOC", "docs/benchmarks.md")),
                Path.of(env.getOrDefault("BENCH_WORK", "bench/target/runs")),
                positive(env, "BENCH_SIZE_MIB", 400),
                positive(env, "BENCH_TAGS", 12),
                positive(env, "BENCH_NOOP_TAGS", 1000),
                positive(env, "BENCH_NOOP_DISTINCT", 10),
                positive(env, "BENCH_SMALL_MIB", 64),
                positive(env, "BENCH_BIG_MIB", 2048),
                positive(env, "BENCH_CONCURRENCY", 10),
                positive(env, "BENCH_REPEATS", 3),
                words(env, "BENCH_SKIP"),
                load(env, "BENCH_IDLE_LOAD"),
                positive(env, "BENCH_WAN_SIZE_MIB", 64),
                positive(env, "BENCH_WAN_TAGS", 8),
                positives(env, "BENCH_WAN_NOOP_TAGS", "300,1000"),
                words(env, "BENCH_WAN_VARIANTS"),
                onOff(env, "BENCH_CDS"));
    }

    boolean runs(String scenario) {
        return !skip.contains(scenario);
    }

    boolean runsWanVariant(String slug) {
        return wanVariants.isEmpty() || wanVariants.contains(slug);
    }

    private static Set<String> words(Map<String, String> env, String name) {
        return Arrays.stream(env.getOrDefault(name, "").split("[,\\s]+"))
                .filter(s -> !s.isBlank()).collect(Collectors.toUnmodifiableSet());
    }

    private static boolean onOff(Map<String, String> env, String name) {
        String value = env.getOrDefault(name, "on").strip();
        if (value.equals("on") || value.isEmpty()) {
            return true;
        }
        if (value.equals("off")) {
            return false;
        }
        throw new IllegalArgumentException(name + " = '" + value + "': expected on or off");
    }

    private static double load(Map<String, String> env, String name) {
        String value = env.getOrDefault(name, "").strip();
        try {
            return value.isEmpty() ? 0 : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " = '" + value + "': expected a load average such as 1.0");
        }
    }

    private static List<Integer> positives(Map<String, String> env, String name, String fallback) {
        String value = env.getOrDefault(name, "").isBlank() ? fallback : env.get(name);
        List<Integer> numbers = new java.util.ArrayList<>();
        for (String part : value.strip().split("[,\\s]+")) {
            numbers.add(positive(Map.of(name, part), name, 1));
        }
        return List.copyOf(numbers);
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " = '" + value + "': expected a positive whole number");
    }
}
