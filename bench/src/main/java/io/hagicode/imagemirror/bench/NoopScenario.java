package io.hagicode.imagemirror.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.PushedRepository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-sync of a many-tag repository that both targets already hold: what a daily job costs on the days nothing
 * changed. imagemirror (one process, both targets) against skopeo sync to each target in turn, counting the
 * manifest requests the source served.
 */
final class NoopScenario {
    private static final String SOURCE_REPO = "bench/many";
    private static final String TARGET_NAMESPACE = "mirror";
    private static final String TARGET_REPO = TARGET_NAMESPACE + "/many";
    private static final long SEED = 4242;

    private final BenchSettings settings;
    private final Tools tools;
    private final Path dir;

    NoopScenario(BenchSettings settings, Tools tools, Path dir) {
        this.settings = settings;
        this.tools = tools;
        this.dir = dir;
    }

    /**
     * @param fillSeconds imagemirror's cold sync that filled the targets (setup; shown for information)
     */
    record Result(int tags, int distinctManifests, double fillSeconds, VariantResult imagemirror,
                  VariantResult skopeo) {
    }

    Result run() {
        try (DistributionRegistry source = DistributionRegistry.plain(); TargetPair pair = new TargetPair()) {
            Progress.say("noop: pushing %d tags over %d distinct manifests", settings.noopTags(),
                    settings.noopDistinct());
            PushedRepository many = FixtureImages.pushManyTags(source, SOURCE_REPO, settings.noopTags(),
                    settings.noopDistinct(), SEED);
            String sourceRepo = source.hostPort() + "/" + SOURCE_REPO;
            RegistryTraffic traffic = new RegistryTraffic(source);

            List<String> fillCommand = tools.imagemirror("noop-fill", sourceRepo, pair.repositories(TARGET_REPO), null,
                    List.of());
            MeasuredProcess.Run fill = MeasuredProcess.run("noop-fill", fillCommand, dir).requireSuccess();
            requireStates(fill, "copied", 2 * many.tagDigests().size());
            pair.requireMirrored("noop-fill", TARGET_REPO, many.tagDigests());
            Progress.say("noop: targets filled by imagemirror in %.1f s", fill.wallSeconds());

            List<VariantResult> ours = new ArrayList<>();
            List<VariantResult> skopeo = new ArrayList<>();
            for (int i = 1; i <= settings.repeats(); i++) {
                ours.add(imagemirror(i, sourceRepo, pair, traffic, many.tagDigests().size()));
                skopeo.add(skopeo(i, sourceRepo, pair, traffic));
            }
            traffic.keepLog(dir.resolve("source-registry-noop.log"));
            return new Result(many.tagDigests().size(), many.distinctManifestDigests().size(), fill.wallSeconds(),
                    VariantResult.median(ours), VariantResult.median(skopeo));
        }
    }

    private VariantResult imagemirror(int attempt, String sourceRepo, TargetPair pair, RegistryTraffic traffic,
                                      int tags) {
        String name = "noop-imagemirror-" + attempt;
        List<String> command = tools.imagemirror(name, sourceRepo, pair.repositories(TARGET_REPO), null, List.of());
        CpuMeter meter = pair.cpuMeterWith(traffic.registry());
        long mark = traffic.begin();
        CpuMeter.Sample before = meter.sample();
        MeasuredProcess.Run run = MeasuredProcess.run(name, command, dir).requireSuccess();
        CpuMeter.Sample used = meter.sample().minus(before);
        RegistryTraffic.Counts counts = traffic.since(mark);
        JsonNode report = requireStates(run, "upToDate", 2 * tags);
        Progress.say("noop: %s %.1f s", name, run.wallSeconds());
        return VariantResult.of(ColdSyncScenario.IMAGEMIRROR, run, used, counts)
                .withSyncSeconds(Tools.syncSeconds(report));
    }

    private VariantResult skopeo(int attempt, String sourceRepo, TargetPair pair, RegistryTraffic traffic) {
        String name = "noop-skopeo-" + attempt;
        CpuMeter meter = pair.cpuMeterWith(traffic.registry());
        long mark = traffic.begin();
        CpuMeter.Sample before = meter.sample();
        MeasuredProcess.Run first = MeasuredProcess.run(name + "-t1",
                skopeoTo(sourceRepo, pair.first()), dir).requireSuccess();
        MeasuredProcess.Run second = MeasuredProcess.run(name + "-t2",
                skopeoTo(sourceRepo, pair.second()), dir).requireSuccess();
        CpuMeter.Sample used = meter.sample().minus(before);
        RegistryTraffic.Counts counts = traffic.since(mark);
        Progress.say("noop: %s %.1f s", name, first.wallSeconds() + second.wallSeconds());
        return VariantResult.sequential(ColdSyncScenario.SKOPEO_SEQUENTIAL, first, second, used, counts);
    }

    private static JsonNode requireStates(MeasuredProcess.Run run, String state, int expected) {
        JsonNode report = Tools.report(run);
        int n = Tools.tagsIn(report, state);
        if (n != expected) {
            throw new IllegalStateException(run.name() + " reported " + n + " tag outcomes " + state + ", expected "
                    + expected + "; see " + run.stdout());
        }
        return report;
    }

    private static List<String> skopeoTo(String sourceRepo, DistributionRegistry target) {
        return Tools.skopeoSync(sourceRepo, target.hostPort() + "/" + TARGET_NAMESPACE);
    }
}
