package io.hagicode.imagemirror.bench;

import io.hagicode.imagemirror.testkit.LinkProfile;
import java.util.List;
import java.util.Locale;

/** The WAN scenario's results as markdown: one table per run kind, one row per run and link. */
final class WanTables {
    private WanTables() {
    }

    static String markdown(List<WanScenario.Table> tables, int concurrency) {
        StringBuilder md = new StringBuilder("### Over a WAN (issue 11)\n\nLinks (user-space shaping, "
                + "`ShapedLink` of the testkit; latency each way, caps per direction):\n\n");
        md.append("| link | round trip | per connection | whole link |\n|---|---|---|---|\n");
        for (LinkProfile p : List.of(WanProfiles.SOURCE, WanProfiles.NEAR, WanProfiles.FAR)) {
            md.append(f("| %s | %d ms | %s | %s |%n", p.name(), p.roundTrip().toMillis(),
                    mibs(p.connectionBytesPerSecond()), mibs(p.linkBytesPerSecond())));
        }
        md.append(f("%nimagemirror runs with `concurrency: %d`. _In flight_ counts HTTP/1.1 exchanges at the link "
                + "(from the first request byte to the last answer byte, as the client sees them); _MiB/s_ is the "
                + "bytes the link carried from the source or to the target over the run's wall time.%n%n", concurrency));
        for (WanScenario.Table t : tables) {
            md.append("#### ").append(t.title()).append("\n\n_").append(t.floorRule()).append("._\n\n");
            md.append("| run | wall | floor | × floor | link | connections | requests | in flight mean / peak "
                    + "| MiB/s (% of link cap) |\n|---|---|---|---|---|---|---|---|---|\n");
            for (WanScenario.Run r : t.runs()) {
                boolean first = true;
                for (WanScenario.LinkRun l : r.links()) {
                    String head = first ? f("| %s | %.1f s | %.1f s | %.1f× ", r.variant(), r.wallSeconds(),
                            r.floorSeconds(), r.wallSeconds() / r.floorSeconds()) : "| | | | ";
                    double cap = l.profile().linkBytesPerSecond() / (double) LinkProfile.MIB;
                    md.append(head).append(f("| %s | %d | %d | %.1f / %d | %.2f (%.0f%%) |%n",
                            l.profile().name().substring(0, l.profile().name().indexOf(':')), l.stats().connections(),
                            l.stats().requests(), l.stats().meanInFlight(), l.stats().peakInFlight(),
                            l.mibPerSecond(), 100 * l.mibPerSecond() / cap));
                    first = false;
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
