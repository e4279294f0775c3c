package io.hagicode.imagemirror.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cold sync of the {@link ColdFixture} from one source to two empty targets, three ways in the same run, each on
 * fresh target registries: imagemirror (one process, both targets), skopeo sync to one target then the other, and
 * two skopeo sync processes at once.
 */
final class ColdSyncScenario {
    private static final String SOURCE_REPO = "bench/app";
    /** skopeo sync appends the source's last path element to the destination namespace. */
    private static final String TARGET_NAMESPACE = "mirror";
    private static final String TARGET_REPO = TARGET_NAMESPACE + "/app";
    static final String IMAGEMIRROR = "imagemirror sync (1 process, both targets)";
    static final String SKOPEO_SEQUENTIAL = "skopeo sync --all, target 1 then target 2";
    static final String SKOPEO_PARALLEL = "skopeo sync --all, both targets at once (2 processes)";

    private final BenchSettings settings;
    private final Tools tools;
    private final Path dir;

    ColdSyncScenario(BenchSettings settings, Tools tools, Path dir) {
        this.settings = settings;
        this.tools = tools;
        this.dir = dir;
    }

    /**
     * @param fixtureSeconds       time to generate and push the fixture (setup, not compared)
     * @param imagemirrorOwnBytes  imagemirror's own count of source bytes read, next to the access log's
     */
    record Result(ColdFixture.Pushed fixture, double fixtureSeconds, VariantResult imagemirror,
                  VariantResult skopeoSequential, VariantResult skopeoParallel, long imagemirrorOwnBytes) {
    }

    Result run() throws InterruptedException {
        try (DistributionRegistry source = DistributionRegistry.plain()) {
            Progress.say("cold: generating %d MiB across %d multi-arch tags in %s", settings.coldMib(),
                    settings.coldTags(), source.hostPort());
            long t0 = System.nanoTime();
            ColdFixture.Pushed fixture = ColdFixture.push(source.hostPort(), SOURCE_REPO, settings.coldMib(),
                    settings.coldTags());
            double fixtureSeconds = (System.nanoTime() - t0) / 1e9;
            Progress.say("cold: fixture ready: %d blobs, %s unique, in %.1f s", fixture.uniqueBlobs(),
                    Progress.mib(fixture.uniqueBlobBytes()), fixtureSeconds);
            RegistryTraffic traffic = new RegistryTraffic(source);
            String sourceRepo = source.hostPort() + "/" + SOURCE_REPO;

            List<ImagemirrorRun> ours = new ArrayList<>();
            List<VariantResult> sequential = new ArrayList<>();
            List<VariantResult> parallel = new ArrayList<>();
            // Interleaved, so that a slow spell of the machine does not land on one variant only.
            for (int i = 1; i <= settings.repeats(); i++) {
                ours.add(imagemirror(i, sourceRepo, traffic, fixture));
                sequential.add(skopeoSequential(i, sourceRepo, traffic, fixture));
                parallel.add(skopeoParallel(i, sourceRepo, traffic, fixture));
            }
            traffic.keepLog(dir.resolve("source-registry-cold.log"));
            VariantResult median = VariantResult.median(ours.stream().map(ImagemirrorRun::result).toList());
            long ownBytes = ours.stream().filter(r -> r.result() == median).findFirst().orElseThrow().ownBytes();
            return new Result(fixture, fixtureSeconds, median, VariantResult.median(sequential),
                    VariantResult.median(parallel), ownBytes);
        }
    }

    private record ImagemirrorRun(VariantResult result, long ownBytes) {
    }

    private ImagemirrorRun imagemirror(int attempt, String sourceRepo, RegistryTraffic traffic,
                                       ColdFixture.Pushed fixture) {
        try (TargetPair targets = new TargetPair()) {
            String name = "cold-imagemirror-" + attempt;
            List<String> command = tools.imagemirror(name, sourceRepo, targets.repositories(TARGET_REPO), null,
                    List.of());
            CpuMeter meter = targets.cpuMeterWith(traffic.registry());
            long mark = traffic.begin();
            CpuMeter.Sample before = meter.sample();
            MeasuredProcess.Run run = MeasuredProcess.run(name, command, dir);
            CpuMeter.Sample used = meter.sample().minus(before);
            RegistryTraffic.Counts counts = traffic.since(mark);
            run.requireSuccess();
            JsonNode report = Tools.report(run);
            int copied = Tools.tagsIn(report, "copied");
            if (copied != 2 * fixture.tagDigests().size()) {
                throw new IllegalStateException(name + " reported " + copied + " tags copied, expected "
                        + 2 * fixture.tagDigests().size() + "; see " + run.stdout());
            }
            targets.requireMirrored(name, TARGET_REPO, fixture.tagDigests());
            VariantResult result = VariantResult.of(IMAGEMIRROR, run, used, counts)
                    .withSyncSeconds(Tools.syncSeconds(report));
            Progress.say("cold: %s %.1f s", name, run.wallSeconds());
            return new ImagemirrorRun(result, report.path("totals").path("sourceBytesRead").asLong(-1));
        }
    }

    private VariantResult skopeoSequential(int attempt, String sourceRepo, RegistryTraffic traffic,
                                           ColdFixture.Pushed fixture) {
        try (TargetPair targets = new TargetPair()) {
            String name = "cold-skopeo-sequential-" + attempt;
            CpuMeter meter = targets.cpuMeterWith(traffic.registry());
            long mark = traffic.begin();
            CpuMeter.Sample before = meter.sample();
            MeasuredProcess.Run first = MeasuredProcess.run(name + "-t1",
                    skopeoTo(sourceRepo, targets.first()), dir).requireSuccess();
            MeasuredProcess.Run second = MeasuredProcess.run(name + "-t2",
                    skopeoTo(sourceRepo, targets.second()), dir).requireSuccess();
            CpuMeter.Sample used = meter.sample().minus(before);
            RegistryTraffic.Counts counts = traffic.since(mark);
            targets.requireMirrored(name, TARGET_REPO, fixture.tagDigests());
            VariantResult result = VariantResult.sequential(SKOPEO_SEQUENTIAL, first, second, used, counts);
            Progress.say("cold: %s %.1f s", name, result.wallSeconds());
            return result;
        }
    }

    private VariantResult skopeoParallel(int attempt, String sourceRepo, RegistryTraffic traffic,
                                         ColdFixture.Pushed fixture) {
        try (TargetPair targets = new TargetPair()) {
            String name = "cold-skopeo-parallel-" + attempt;
            CpuMeter meter = targets.cpuMeterWith(traffic.registry());
            long mark = traffic.begin();
            CpuMeter.Sample before = meter.sample();
            long t0 = System.nanoTime();
            MeasuredProcess p1 = MeasuredProcess.start(name + "-t1",
                    skopeoTo(sourceRepo, targets.first()), dir);
            MeasuredProcess p2 = MeasuredProcess.start(name + "-t2",
                    skopeoTo(sourceRepo, targets.second()), dir);
            MeasuredProcess.Run first = p1.await();
            MeasuredProcess.Run second = p2.await();
            double wall = (System.nanoTime() - t0) / 1e9;
            CpuMeter.Sample used = meter.sample().minus(before);
            RegistryTraffic.Counts counts = traffic.since(mark);
            first.requireSuccess();
            second.requireSuccess();
            targets.requireMirrored(name, TARGET_REPO, fixture.tagDigests());
            Progress.say("cold: %s %.1f s", name, wall);
            return VariantResult.parallel(SKOPEO_PARALLEL, wall, first, second, used, counts);
        }
    }

    private static List<String> skopeoTo(String sourceRepo, DistributionRegistry target) {
        return Tools.skopeoSync(sourceRepo, target.hostPort() + "/" + TARGET_NAMESPACE);
    }
}
