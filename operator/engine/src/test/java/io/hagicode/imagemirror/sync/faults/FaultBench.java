package io.hagicode.imagemirror.sync.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.OciRegistryClientFactory;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.BlobLocations;
import io.hagicode.imagemirror.sync.DefaultSyncEngine;
import io.hagicode.imagemirror.sync.Endpoint;
import io.hagicode.imagemirror.sync.EngineTuning;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagFilter;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TransferLimits;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.FixtureImage;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.ImageSpec;
import io.hagicode.imagemirror.testkit.LayerSpec;
import io.hagicode.imagemirror.testkit.PushedImage;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fault tests' common ground: a plain source registry holding a few tags, targets made per test, and the real
 * client and engine with short timeouts and fast backoff, so a fault costs milliseconds rather than the defaults'
 * seconds. Each sync gets a fresh engine, so no test mounts a blob another test's sync left behind.
 */
final class FaultBench implements AutoCloseable {
    static final String SOURCE_REPO = "team/app";
    static final String TARGET_REPO = "mirror/app";
    /** Big enough that a cut at 256 KiB is in the middle of the stream. */
    static final int BIG_LAYER_BYTES = 1024 * 1024;
    static final Duration READ_TIMEOUT = Duration.ofMillis(1500);

    final DistributionRegistry source;
    final Map<String, PushedImage> fixtures = new TreeMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    private FaultBench(DistributionRegistry source) {
        this.source = source;
        resources.add(source);
    }

    /**
     * Tags of {@code repository}: "big" (an OCI image with a 1 MiB layer of its own and the base layer shared with
     * "multi"), "multi" (an OCI index, two platforms) and "small" (a Docker v2s2 image). {@code seed} keeps the big
     * layer of one test class apart from another's, which matters where a test corrupts a blob in storage.
     */
    static FaultBench withFixtures(String repository, long seed) {
        Skopeo.assumeInstalled();
        FaultBench bench = new FaultBench(DistributionRegistry.plain());
        bench.push(repository, seed);
        return bench;
    }

    /** Fixtures of another repository on the same source; closing it closes nothing. */
    static FaultBench onto(DistributionRegistry source) {
        FaultBench other = new FaultBench(source);
        other.resources.clear();
        return other;
    }

    void push(String repository, long seed) {
        fixtures.put("big", FixtureImages.push(source, repository, "big", FixtureImage.single(ImageSpec.of(
                "linux/amd64", LayerSpec.of(seed), new LayerSpec(seed + 1000, BIG_LAYER_BYTES))),
                FixtureImages.Format.OCI));
        fixtures.put("multi", FixtureImages.pushMultiArchOciIndex(source, repository, "multi", seed));
        fixtures.put("small", FixtureImages.pushDockerImage(source, repository, "small", seed + 1));
    }

    /** The layer only "big" has. */
    String bigLayer() {
        List<String> layers = fixtures.get("big").manifests().get(0).layerDigests();
        return layers.get(layers.size() - 1);
    }

    DistributionRegistry newTarget() {
        return track(DistributionRegistry.plain());
    }

    FaultProxy proxy(DistributionRegistry registry) {
        return track(FaultProxy.inFrontOf(registry));
    }

    <T extends AutoCloseable> T track(T resource) {
        resources.add(0, resource);
        return resource;
    }

    /** Short timeouts and fast backoff; Retry-After is honoured up to 2 s. */
    static ClientOptions options(int maxAttempts) {
        return ClientOptions.defaults().withMaxAttempts(maxAttempts).withConnectTimeout(Duration.ofSeconds(1))
                .withReadTimeout(READ_TIMEOUT).withBackoff(Duration.ofMillis(10), Duration.ofSeconds(2));
    }

    static MirrorJob job(String sourceHost, String sourceRepo, String targetHost, int retries) {
        return new MirrorJob("faults/" + sourceRepo, endpoint(sourceHost, sourceRepo),
                List.of(endpoint(targetHost, TARGET_REPO)), TagFilter.ALL, List.of(), 4, retries);
    }

    static Endpoint endpoint(String host, String repository) {
        return new Endpoint(new Repository(host, repository), Credentials.ANONYMOUS, true);
    }

    /** One sync of {@code job} with a fresh engine; the client makes {@code retries + 1} attempts, as the CLI's. */
    static SyncReport sync(MirrorJob job) throws InterruptedException {
        return sync(job, options(job.retries() + 1), SyncListener.NONE);
    }

    static SyncReport sync(MirrorJob job, ClientOptions options, SyncListener listener) throws InterruptedException {
        return sync(job, options, listener, TransferLimits.defaults());
    }

    static SyncReport sync(MirrorJob job, ClientOptions options, SyncListener listener, TransferLimits limits)
            throws InterruptedException {
        try (OciRegistryClientFactory factory = new OciRegistryClientFactory(options)) {
            DefaultSyncEngine engine = new DefaultSyncEngine(factory, limits, Clock.systemUTC(),
                    new BlobLocations(), EngineTuning.defaults().withRetryBackoff(Duration.ofMillis(50))
                    .withStallBudget(Duration.ofSeconds(2)));
            return engine.sync(job, listener);
        }
    }

    static TagOutcome outcome(SyncReport report, String tag) {
        return report.targets().get(0).tags().stream().filter(t -> t.tag().equals(tag)).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + tag + " in " + report));
    }

    /** Prints one line per test for the fault tally of the closing note. */
    static void tally(String test, long faults, SyncReport report) {
        long failed = report.targets().stream().mapToLong(t -> t.count(io.hagicode.imagemirror.sync.TagState.FAILED))
                .sum();
        System.out.printf("[fault-tally] %s: faults=%d recovered=%s failedTags=%d%n", test, faults,
                report.succeeded(), failed);
    }

    /** The sync recovered: every fixture tag COPIED, and the target holds exactly the source's content for each. */
    void assertEverythingCopied(SyncReport report, DistributionRegistry target) {
        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(report.targets().get(0).tags()).extracting(TagOutcome::state).containsOnly(TagState.COPIED)
                .hasSize(fixtures.size());
        assertThat(TargetCheck.assertConsistent(target, fixtures))
                .containsExactlyInAnyOrderElementsOf(fixtures.keySet());
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // best effort; the testkit's shutdown hook kills leftover registries
            }
        }
    }
}
