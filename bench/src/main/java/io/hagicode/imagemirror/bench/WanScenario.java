package io.hagicode.imagemirror.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.LinkProfile;
import io.hagicode.imagemirror.testkit.LinkStats;
import io.hagicode.imagemirror.testkit.PushedRepository;
import io.hagicode.imagemirror.testkit.ShapedLink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The WAN scenario (issue 11): the source and both targets behind {@link ShapedLink}s with the {@link WanProfiles},
 * so that latency and bandwidth, not the registries' hashing, bound the runs. A cold 2-target sync, then a no-op
 * re-sync at each of the configured tag counts; each by imagemirror, skopeo sync target after target, and two skopeo
 * sync at once. Every run is timed against its floor and reports what each link saw.
 */
final class WanScenario {
    private static final String COLD_REPO = "bench/app";
    private static final String MANY_REPO = "bench/many";
    private static final String NAMESPACE = "mirror";
    private static final long SEED = 4343;

    private final BenchSettings settings;
    private final Tools tools;
    private final Path dir;

    WanScenario(BenchSettings settings, Tools tools, Path dir) {
        this.settings = settings;
        this.tools = tools;
        this.dir = dir;
    }

    /** What one link saw in one run; {@code bytes} in the direction that matters (from the source, to a target). */
    record LinkRun(LinkProfile profile, LinkStats stats, long bytes, LinkTimeline.Summary timeline) {
        double mibPerSecond() {
            return stats.seconds() > 0 ? bytes / stats.seconds() / LinkProfile.MIB : 0;
        }
    }

    /**
     * @param blobFloorSeconds cold sync only (else 0): the largest blob over the slowest per-connection cap, since one
     *                         blob travels over one connection (an OCI upload is sequential)
     * @param syncSeconds      imagemirror only (else 0): the time it reports for its mirrors, JVM start excluded
     */
    record Run(String variant, double wallSeconds, double floorSeconds, double blobFloorSeconds, double syncSeconds,
               List<LinkRun> links) {
    }

    /**
     * @param label     the run kind in a goal's name, e.g. "no-op at 300 tags"
     * @param floorRule how the floor was computed, for the table's caption
     */
    record Table(String title, String label, String floorRule, List<Run> runs) {
    }

    List<Table> run() throws InterruptedException {
        List<Table> tables = new ArrayList<>();
        if (settings.runs("wan-cold")) {
            tables.add(cold());
        }
        for (int tags : settings.runs("wan-noop") ? settings.wanNoopTags() : List.<Integer>of()) {
            tables.add(noop(tags));
        }
        return tables;
    }

    private Table cold() throws InterruptedException {
        try (DistributionRegistry source = DistributionRegistry.plain()) {
            Progress.say("wan: cold fixture, %d MiB across %d tags", settings.wanColdMib(), settings.wanColdTags());
            ColdFixture.Pushed fixture = ColdFixture.push(source.hostPort(), COLD_REPO, settings.wanColdMib(),
                    settings.wanColdTags());
            long unique = fixture.uniqueBlobBytes();
            double floor = List.of(WanProfiles.SOURCE, WanProfiles.NEAR, WanProfiles.FAR).stream()
                    .mapToDouble(p -> (double) unique / p.linkBytesPerSecond()).max().orElseThrow();
            double blobFloor = List.of(WanProfiles.SOURCE, WanProfiles.NEAR, WanProfiles.FAR).stream()
                    .mapToDouble(p -> (double) fixture.largestBlobBytes() / p.connectionBytesPerSecond()).max()
                    .orElseThrow();
            List<Run> runs = new ArrayList<>();
            for (String variant : variants()) {
                try (TargetPair targets = new TargetPair(); WanLinks links = new WanLinks(source, targets)) {
                    String name = "wan-cold-" + slug(variant);
                    Run run = measure(variant, links, () -> execute(name, variant, links, COLD_REPO,
                            "copied", fixture.tagDigests().size()), floor, blobFloor);
                    targets.requireMirrored(name, NAMESPACE + "/app", fixture.tagDigests());
                    runs.add(run);
                }
            }
            return new Table(String.format(java.util.Locale.ROOT,
                    "Cold sync over the WAN: %s unique in %d multi-arch tags, one source, two empty targets",
                    Progress.mib(unique), fixture.tagDigests().size()), "cold sync",
                    "floor = the unique bytes over each link's cap, the largest over the three links", runs);
        }
    }

    private Table noop(int tags) {
        try (DistributionRegistry source = DistributionRegistry.plain(); TargetPair targets = new TargetPair()) {
            Progress.say("wan: no-op fixture, %d tags", tags);
            PushedRepository many = FixtureImages.pushManyTags(source, MANY_REPO, tags, settings.noopDistinct(), SEED);
            // Filled on loopback, unshaped: only the re-sync is measured.
            String direct = source.hostPort() + "/" + MANY_REPO;
            MeasuredProcess.run("wan-noop-fill-" + tags, tools.imagemirror("wan-noop-fill-" + tags, direct,
                    targets.repositories(NAMESPACE + "/many"), null, List.of()), dir).requireSuccess();
            targets.requireMirrored("wan-noop-fill", NAMESPACE + "/many", many.tagDigests());
            List<Run> runs = new ArrayList<>();
            try (WanLinks links = new WanLinks(source, targets)) {
                for (String variant : variants()) {
                    String name = "wan-noop-" + tags + "-" + slug(variant);
                    runs.add(measure(variant, links, () -> execute(name, variant, links, MANY_REPO, "upToDate",
                            many.tagDigests().size()), null, 0));
                }
            }
            return new Table(String.format(java.util.Locale.ROOT,
                    "No-op re-sync over the WAN: %d tags already on both targets", tags), "no-op at " + tags + " tags",
                    "floor = the requests each registry served × its round trip ÷ the concurrency ("
                            + settings.concurrency() + "), the largest over the three registries", runs);
        }
    }

    /** Runs the variant between two readings of the links; {@code floor} null for the no-op's request-based floor. */
    private Run measure(String variant, WanLinks links, Supplier<double[]> body, Double floor, double blobFloor) {
        links.resetBytes();
        List<LinkTimeline> timelines = new ArrayList<>();
        for (int i = 0; i < links.all().size(); i++) {
            timelines.add(new LinkTimeline(links.all().get(i), i != 0));
        }
        long from = System.nanoTime();
        double[] times = body.get();
        long to = System.nanoTime();
        timelines.forEach(LinkTimeline::close);
        List<LinkStats> stats = links.stats(from, to);
        List<LinkRun> rows = new ArrayList<>();
        double requestFloor = 0;
        for (int i = 0; i < stats.size(); i++) {
            ShapedLink link = links.all().get(i);
            LinkStats s = stats.get(i);
            LinkTimeline.Summary timeline = timelines.get(i).summary();
            rows.add(new LinkRun(link.profile(), s, i == 0 ? s.bytesToClient() : s.bytesToServer(), timeline));
            Progress.say("wan: %s %s: first request at %.2f s, bytes from %.2f s to %.2f s, %.0f%% of the link cap "
                    + "meanwhile, %.1f transfers in flight on average, enough to fill the link %.0f%% of the time; "
                    + "per second (MiB/transfers): %s",
                    variant, link.profile().name(), timeline.firstRequestSeconds(), timeline.firstByteSeconds(),
                    timeline.lastByteSeconds(),
                    100 * timeline.utilisation(), timeline.meanBusy(), 100 * timeline.fullShare(),
                    timeline.perSecond());
            requestFloor = Math.max(requestFloor, s.requests() * link.profile().roundTrip().toNanos() / 1e9
                    / settings.concurrency());
        }
        if (floor != null) {
            ShapedLink far = links.far();
            double firstByte = rows.get(rows.size() - 1).timeline().firstByteSeconds();
            StringBuilder early = new StringBuilder();
            far.exchanges().stream().filter(e -> e[0] >= from && (e[0] - from) / 1e9 < firstByte + 0.5)
                    .sorted((a, b) -> Long.compare(a[0], b[0]))
                    .forEach(e -> early.append(String.format(java.util.Locale.ROOT, " %.2f+%.2f",
                            (e[0] - from) / 1e9, (e[1] - e[0]) / 1e9)));
            Progress.say("wan: %s far link, exchanges (start+duration s) up to its first body byte:%s", variant, early);
            double lastByte = rows.get(rows.size() - 1).timeline().lastByteSeconds();
            StringBuilder late = new StringBuilder();
            far.exchanges().stream().filter(e -> (e[1] - from) / 1e9 > lastByte - 0.5)
                    .sorted((a, b) -> Long.compare(a[0], b[0]))
                    .forEach(e -> late.append(String.format(java.util.Locale.ROOT, " %.2f+%.2f",
                            (e[0] - from) / 1e9, (e[1] - e[0]) / 1e9)));
            Progress.say("wan: %s far link, exchanges ending after its last body byte (%.2f s) - 0.5 s:%s; the run "
                    + "ended at %.2f s", variant, lastByte, late, (to - from) / 1e9);
        }
        double floorSeconds = floor == null ? requestFloor : floor;
        Progress.say("wan: %s %.1f s, sync %.1f s (floor %.1f s, largest-blob floor %.1f s)", variant, times[0],
                times[1], floorSeconds, blobFloor);
        return new Run(variant, times[0], floorSeconds, blobFloor, times[1], rows);
    }

    /** Runs one variant through the links; returns its wall time and imagemirror's own sync time in seconds. */
    private double[] execute(String name, String variant, WanLinks links, String sourceRepo, String state, int tags) {
        String from = links.source().hostPort() + "/" + sourceRepo;
        String repo = NAMESPACE + sourceRepo.substring(sourceRepo.lastIndexOf('/'));
        if (variant.equals(ColdSyncScenario.IMAGEMIRROR)) {
            MeasuredProcess.Run run = MeasuredProcess.run(name, tools.imagemirror(name, from, List.of(
                    links.near().hostPort() + "/" + repo, links.far().hostPort() + "/" + repo), null, List.of()), dir)
                    .requireSuccess();
            JsonNode report = Tools.report(run);
            int n = Tools.tagsIn(report, state);
            if (n != 2 * tags) {
                throw new IllegalStateException(name + " reported " + n + " tag outcomes " + state + ", expected "
                        + 2 * tags + "; see " + run.stdout());
            }
            return new double[] {run.wallSeconds(), Tools.syncSeconds(report)};
        }
        List<String> toNear = Tools.skopeoSync(from, links.near().hostPort() + "/" + NAMESPACE);
        List<String> toFar = Tools.skopeoSync(from, links.far().hostPort() + "/" + NAMESPACE);
        if (variant.equals(ColdSyncScenario.SKOPEO_SEQUENTIAL)) {
            return new double[] {MeasuredProcess.run(name + "-near", toNear, dir).requireSuccess().wallSeconds()
                    + MeasuredProcess.run(name + "-far", toFar, dir).requireSuccess().wallSeconds(), 0};
        }
        long t0 = System.nanoTime();
        MeasuredProcess near = MeasuredProcess.start(name + "-near", toNear, dir);
        MeasuredProcess far = MeasuredProcess.start(name + "-far", toFar, dir);
        near.await().requireSuccess();
        far.await().requireSuccess();
        return new double[] {(System.nanoTime() - t0) / 1e9, 0};
    }

    /** The variants BENCH_WAN_VARIANTS asks for (all by default), in the tables' order. */
    private List<String> variants() {
        return List.of(ColdSyncScenario.IMAGEMIRROR, ColdSyncScenario.SKOPEO_SEQUENTIAL,
                ColdSyncScenario.SKOPEO_PARALLEL).stream().filter(v -> settings.runsWanVariant(slug(v))).toList();
    }

    private static String slug(String variant) {
        if (variant.equals(ColdSyncScenario.IMAGEMIRROR)) {
            return "imagemirror";
        }
        return variant.equals(ColdSyncScenario.SKOPEO_SEQUENTIAL) ? "skopeo-sequential" : "skopeo-parallel";
    }
}
