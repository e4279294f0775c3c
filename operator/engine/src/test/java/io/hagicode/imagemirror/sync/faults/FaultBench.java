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
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fault tests' common ground, as a JUnit extension: a source registry holding a few tags, started once per test
 * class, targets and proxies made per test and closed after it, and the real client and engine with short timeouts
 * and fast backoff, so a fault costs milliseconds rather than the defaults' seconds. Each sync gets a fresh engine,
 * so no test mounts a blob another test's sync left behind. A test class declares
 * {@code @RegisterExtension static final FaultBench bench = FaultBench.withFixtures(SOURCE_REPO, seed);}.
 */
final class FaultBench implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    static final String SOURCE_REPO = "team/app";
    static final String TARGET_REPO = "mirror/app";
    /** Big enough that a cut at 256 KiB is in the middle of the stream. */
    static final int BIG_LAYER_BYTES = 1024 * 1024;
    static final Duration READ_TIMEOUT = Duration.ofMillis(1500);

    private final Supplier<DistributionRegistry> newSource;
    private final String repository;
    private final long seed;
    /** Set when the test class starts. */
    DistributionRegistry source;
    final Map<String, PushedImage> fixtures = new TreeMap<>();
    /** What the class set up, closed when it ends; what a test made, closed when the test ends. */
    private final List<AutoCloseable> classResources = new ArrayList<>();
    private final List<AutoCloseable> testResources = new ArrayList<>();
    private boolean inTest;

    private FaultBench(Supplier<DistributionRegistry> newSource, String repository, long seed) {
        this.newSource = newSource;
        this.repository = repository;
        this.seed = seed;
    }

    /**
     * A plain source with the tags of {@link #push} in {@code repository}. {@code seed} keeps the big layer of one test
     * class apart from another's, which matters where a test corrupts a blob in storage.
     */
    static FaultBench withFixtures(String repository, long seed) {
        return withFixtures(DistributionRegistry::plain, repository, seed);
    }

    /** The same fixtures on a source of the test's own making, e.g. one behind auth. */
    static FaultBench withFixtures(Supplier<DistributionRegistry> source, String repository, long seed) {
        return new FaultBench(source, repository, seed);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Skopeo.assumeInstalled();
        source = newSource.get();
        classResources.add(source);
        fixtures.putAll(push(source, repository, seed));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        inTest = false;
        closeAll(testResources);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeAll(testResources);
        closeAll(classResources);
    }

    /**
     * Pushes to {@code repository} of {@code registry}, and returns by tag: "big" (an OCI image with a 1 MiB layer of its
     * own and the base layer shared with "multi"), "multi" (an OCI index, two platforms) and "small" (a Docker v2s2
     * image).
     */
    static Map<String, PushedImage> push(DistributionRegistry registry, String repository, long seed) {
        Map<String, PushedImage> pushed = new TreeMap<>();
        pushed.put("big", FixtureImages.push(registry, repository, "big", FixtureImage.single(ImageSpec.of(
                "linux/amd64", LayerSpec.of(seed), new LayerSpec(seed + 1000, BIG_LAYER_BYTES))),
                FixtureImages.Format.OCI));
        pushed.put("multi", FixtureImages.pushMultiArchOciIndex(registry, repository, "multi", seed));
        pushed.put("small", FixtureImages.pushDockerImage(registry, repository, "small", seed + 1));
        return pushed;
    }

    /** The layer only "big" has. */
    String bigLayer() {
        List<String> layers = fixtures.get("big").manifests().get(0).layerDigests();
        return layers.get(layers.size() - 1);
    }

    /** A fresh plain registry, closed when the test (or, made before any test, the class) ends. */
    DistributionRegistry newTarget() {
        return track(DistributionRegistry.plain());
    }

    FaultProxy proxy(DistributionRegistry registry) {
        return track(FaultProxy.inFrontOf(registry));
    }

    private <T extends AutoCloseable> T track(T resource) {
        (inTest ? testResources : classResources).add(0, resource);
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
        return sync(job, options, listener, limits, tuning());
    }

    /** One sync of {@code job} with the engine tuned as given, e.g. {@code tuning().withSpool(...)}. */
    static SyncReport sync(MirrorJob job, EngineTuning tuning) throws InterruptedException {
        return sync(job, options(job.retries() + 1), SyncListener.NONE, TransferLimits.defaults(), tuning);
    }

    static SyncReport sync(MirrorJob job, ClientOptions options, SyncListener listener, TransferLimits limits,
                           EngineTuning tuning) throws InterruptedException {
        try (OciRegistryClientFactory factory = new OciRegistryClientFactory(options)) {
            DefaultSyncEngine engine = new DefaultSyncEngine(factory, limits, Clock.systemUTC(),
                    new BlobLocations(), tuning);
            return engine.sync(job, listener);
        }
    }

    /** Fast backoff and a short stall budget, so a fault costs milliseconds. */
    static EngineTuning tuning() {
        return EngineTuning.defaults().withRetryBackoff(Duration.ofMillis(50)).withStallBudget(Duration.ofSeconds(2));
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

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // best effort; the testkit's shutdown hook kills leftover registries
            }
        }
        resources.clear();
    }
}
