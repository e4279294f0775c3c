package io.hagicode.imagemirror.bench;

import io.hagicode.imagemirror.testkit.LinkProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The WAN scenario's results as markdown: one table per run kind, one row per run and link. */
final class WanTables {
    private WanTables() {
    }

    /**
     * Issue 11's goals, judged on imagemirror's run of each table (the run that reports its own sync time): the cold
     * sync within 1.3× of its link floor, the far link at 90% of its cap while bytes remain for it, and each no-op
     * within 1.5× of its round-trip floor plus the JVM's start (wall time − the sync time the tool reports).
     */
    static List<Goal> goals(List<WanScenario.Table> tables) {
        List<Goal> goals = new ArrayList<>();
        for (WanScenario.Table t : tables) {
            for (WanScenario.Run r : t.runs()) {
                if (r.syncSeconds() <= 0) {
                    continue;
                }
                if (r.blobFloorSeconds() > 0) {
                    goals.add(Goal.atMost(t.label() + ", wall time ÷ link floor", r.wallSeconds() / r.floorSeconds(),
                            1.3, "%.2f", "×"));
                    LinkTimeline.Summary far = r.links().get(r.links().size() - 1).timeline();
                    goals.add(Goal.atLeast(t.label() + ", far link while bytes flow, share of its cap",
                            100 * far.utilisation(), 90, "%.0f", "%"));
                } else {
                    double jvmStart = r.wallSeconds() - r.syncSeconds();
                    goals.add(Goal.atMost(t.label() + ", wall time ÷ (round-trip floor + JVM start)",
                            r.wallSeconds() / (r.floorSeconds() + jvmStart), 1.5, "%.2f", "×"));
                }
            }
        }
        return goals;
    }

    static String markdown(List<WanScenario.Table> tables, int concurrency, boolean classArchive) {
        StringBuilder md = new StringBuilder("### Over a WAN (issue 11)\n\nLinks (user-space shaping, "
                + "`ShapedLink` of the testkit; latency each way, caps per direction):\n\n");
        md.append("| link | round trip | per connection | whole link |\n|---|---|---|---|\n");
        for (LinkProfile p : List.of(WanProfiles.SOURCE, WanProfiles.NEAR, WanProfiles.FAR)) {
            md.append(f("| %s | %d ms | %s | %s |%n", p.name(), p.roundTrip().toMillis(),
                    mibs(p.connectionBytesPerSecond()), mibs(p.linkBytesPerSecond())));
        }
        md.append(f("%nimagemirror runs with `concurrency: %d`, through `bin/imagemirror`%s. _In flight_ counts HTTP/1.1 exchanges at the link "
                + "(from the first request byte to the last answer byte, as the client sees them); _MiB/s_ is the "
                + "bytes the link carried from the source or to the target over the run's wall time.%n%n", concurrency,
                classArchive ? " with the class data archive a training sync made before the runs (as a user's "
                        + "second and later runs start)" : " without a class data archive (`BENCH_CDS=off`)"));
        List<Goal> goals = goals(tables);
        if (!goals.isEmpty()) {
            md.append("#### Goals (issue 11)\n\n| goal | target | measured | result |\n|---|---|---|---|\n");
            for (Goal g : goals) {
                md.append(f("| %s | %s | %s | %s |%n", g.name(), g.target(), g.measured(), g.verdict()));
            }
            md.append('\n');
        }
        md.append("_First request_ is the first quarter second with any traffic on the link; _bytes flow_ is the "
                + "stretch from the first to the last quarter second in which payload crossed the link (seconds from "
                + "the launch); _% of cap_ there is the link's throughput meanwhile; _transfers_ "
                + "counts connections that carried a body in a quarter second (the far link needs 4 at once to reach "
                + "its cap), averaged over that stretch.\n\n");
        for (WanScenario.Table t : tables) {
            boolean cold = t.runs().stream().anyMatch(r -> r.blobFloorSeconds() > 0);
            md.append("#### ").append(t.title()).append("\n\n_").append(t.floorRule()).append("._");
            if (cold) {
                md.append(" _Largest-blob floor: the largest blob over the slowest per-connection cap (one blob is one "
                        + "upload over one connection)._");
            }
            md.append("\n\n| run | wall | sync | floor | × floor | link | connections | requests "
                    + "| in flight mean / peak "
                    + "| MiB/s (% of link cap) | first request | bytes flow | % of cap there | transfers |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (WanScenario.Run r : t.runs()) {
                boolean first = true;
                for (WanScenario.LinkRun l : r.links()) {
                    String floor = r.blobFloorSeconds() > 0
                            ? f("%.1f s / %.1f s", r.floorSeconds(), r.blobFloorSeconds())
                            : f("%.1f s", r.floorSeconds());
                    String times = r.blobFloorSeconds() > 0
                            ? f("%.2f× / %.1f×", r.wallSeconds() / r.floorSeconds(),
                                    r.wallSeconds() / r.blobFloorSeconds())
                            : f("%.2f×", r.wallSeconds() / r.floorSeconds());
                    String head = first ? f("| %s | %.1f s | %s | %s | %s ", r.variant(), r.wallSeconds(),
                            r.syncSeconds() > 0 ? f("%.1f s", r.syncSeconds()) : "", floor, times) : "| | | | | ";
                    double cap = l.profile().linkBytesPerSecond() / (double) LinkProfile.MIB;
                    LinkTimeline.Summary tl = l.timeline();
                    md.append(head).append(f("| %s | %d | %d | %.1f / %d | %.2f (%.0f%%) | %.1f s | %.1f–%.1f s "
                                    + "| %.0f%% | %.1f |%n",
                            l.profile().name().substring(0, l.profile().name().indexOf(':')), l.stats().connections(),
                            l.stats().requests(), l.stats().meanInFlight(), l.stats().peakInFlight(),
                            l.mibPerSecond(), 100 * l.mibPerSecond() / cap, tl.firstRequestSeconds(),
                            tl.firstByteSeconds(), tl.lastByteSeconds(),
                            100 * tl.utilisation(), tl.meanBusy()));
                    first = false;
                }
            }
            if (cold) {
                md.append("\nThe far link per second from the launch (MiB moved / most transfers at once):\n\n");
                for (WanScenario.Run r : t.runs()) {
                    md.append("- ").append(r.variant()).append(": ").append(r.links().get(r.links().size() - 1)
                            .timeline().perSecond()).append('\n');
                }
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String mibs(long bytesPerSecond) {
        return f("%.0f MiB/s", bytesPerSecond / (double) LinkProfile.MIB);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
