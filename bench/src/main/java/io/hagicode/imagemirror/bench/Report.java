package io.hagicode.imagemirror.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders one run's results as markdown: machine, goals, then a table per scenario. Null results did not run. */
final class Report {
    private final BenchSettings settings;
    private final MachineInfo machine;
    private final List<WanScenario.Table> wan;
    private final ColdSyncScenario.Result cold;
    private final NoopScenario.Result noop;
    private final MemoryScenario.Result memory;
    private final double totalSeconds;

    Report(BenchSettings settings, MachineInfo machine, List<WanScenario.Table> wan, ColdSyncScenario.Result cold, NoopScenario.Result noop,
           MemoryScenario.Result memory, double totalSeconds) {
        this.settings = settings;
        this.machine = machine;
        this.wan = wan;
        this.cold = cold;
        this.noop = noop;
        this.memory = memory;
        this.totalSeconds = totalSeconds;
    }

    List<Goal> goals() {
        List<Goal> goals = new ArrayList<>();
        String vsSequential = "cold sync, wall time ÷ sequential skopeo sync";
        String vsParallel = "cold sync, wall time ÷ two parallel skopeo syncs";
        String sourceBytes = "cold sync, source bytes read ÷ unique bytes";
        if (cold != null) {
            goals.add(Goal.atMost(vsSequential, ratio(cold.imagemirror(), cold.skopeoSequential()), 0.5, "%.2f", "×"));
            goals.add(Goal.atMost(vsParallel, ratio(cold.imagemirror(), cold.skopeoParallel()), 0.8, "%.2f", "×"));
            goals.add(Goal.atMost(sourceBytes, sourceFactor(cold.imagemirror()), 1.05, "%.3f", "×"));
        } else {
            goals.add(Goal.notRun(vsSequential, "≤ 0.50×"));
            goals.add(Goal.notRun(vsParallel, "≤ 0.80×"));
            goals.add(Goal.notRun(sourceBytes, "≤ 1.05×"));
        }
        String gets = "no-op re-sync, manifest GETs at the source";
        String speed = "no-op re-sync, speed-up over skopeo sync";
        if (noop != null) {
            int n = noop.imagemirror().source().manifestGets();
            goals.add(new Goal(gets, "0", Integer.toString(n), n == 0, n + " GETs"));
            goals.add(Goal.atLeast(speed, noop.skopeo().wallSeconds() / noop.imagemirror().wallSeconds(), 10,
                    "%.1f", "×"));
        } else {
            goals.add(Goal.notRun(gets, "0"));
            goals.add(Goal.notRun(speed, "≥ 10×"));
        }
        String rss = "one " + (memory == null ? settings.bigMib() : memory.big().layerBytes() >> 20)
                + " MiB layer under " + MemoryScenario.HEAP + ", peak RSS";
        goals.add(memory == null ? Goal.notRun(rss, "≤ 300 MiB")
                : Goal.atMost(rss, memory.big().peakRssMib(), 300, "%.0f", " MiB"));
        return goals;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(f("_Measured %s by `bash bench/run.sh` (%.0f s in all). Every figure below comes from that one run; "
                + "absolute times are noisy, the ratios measured side by side are the figures that count._%n%n",
                machine.date(), totalSeconds));
        md.append("### Machine\n\n| | |\n|---|---|\n");
        md.append(f("| CPU | %s, %d cores |%n", machine.cpu(), machine.cores()));
        md.append(f("| RAM | %.1f GiB |%n", machine.ramMib() / 1024.0));
        md.append(f("| Kernel | Linux %s |%n", machine.kernel()));
        md.append(f("| Java | %s |%n", machine.java()));
        md.append(f("| Distribution | %s |%n", machine.distribution()));
        md.append(f("| skopeo | %s |%n", machine.skopeo()));
        md.append(f("| Load average (1/5/15 min) | %s at the start, %s at the end |%n", machine.loadAtStart(),
                MachineInfo.loadAverage()));
        md.append(f("| Settings | BENCH_SIZE_MIB=%d BENCH_TAGS=%d BENCH_NOOP_TAGS=%d BENCH_NOOP_DISTINCT=%d "
                        + "BENCH_SMALL_MIB=%d BENCH_BIG_MIB=%d BENCH_CONCURRENCY=%d BENCH_REPEATS=%d "
                        + "BENCH_WAN_SIZE_MIB=%d BENCH_WAN_TAGS=%d BENCH_WAN_NOOP_TAGS=%s BENCH_CDS=%s |%n%n",
                settings.coldMib(), settings.coldTags(), settings.noopTags(), settings.noopDistinct(),
                settings.smallMib(), settings.bigMib(), settings.concurrency(), settings.repeats(),
                settings.wanColdMib(), settings.wanColdTags(),
                settings.wanNoopTags().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")),
                settings.classArchive() ? "on" : "off"));

        if (!wan.isEmpty()) {
            md.append(WanTables.markdown(wan, settings.concurrency(), settings.classArchive()));
            md.append("### On loopback, unshaped (issue 5)\n\n");
        }
        md.append("### Goals (issue 5)\n\n| goal | target | measured | result |\n|---|---|---|---|\n");
        for (Goal g : goals()) {
            md.append(f("| %s | %s | %s | %s |%n", g.name(), g.target(), g.measured(), g.verdict()));
        }
        md.append('\n');
        new ScenarioTables(md, settings).cold(cold).noop(noop).memory(memory);
        return md.toString();
    }

    static double ratio(VariantResult ours, VariantResult theirs) {
        return ours.wallSeconds() / theirs.wallSeconds();
    }

    private double sourceFactor(VariantResult v) {
        return (double) v.source().blobGetBytes() / cold.fixture().uniqueBlobBytes();
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
