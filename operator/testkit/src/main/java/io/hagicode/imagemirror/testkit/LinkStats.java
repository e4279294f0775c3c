package io.hagicode.imagemirror.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * What crossed a {@link ShapedLink} in a window of time.
 *
 * @param connections     connections clients opened in the window
 * @param requests        exchanges (requests) that started in the window
 * @param meanInFlight    exchanges in progress, averaged over the window (the time-weighted mean)
 * @param peakInFlight    the most exchanges in progress at one instant
 * @param bytesToServer   bytes delivered to the server (uploads, requests)
 * @param bytesToClient   bytes delivered to the client (downloads, answers)
 * @param seconds         the window's length
 */
public record LinkStats(long connections, long requests, double meanInFlight, int peakInFlight, long bytesToServer,
                        long bytesToClient, double seconds) {

    /** Mean bytes per second towards the client over the window. */
    public double toClientBytesPerSecond() {
        return seconds > 0 ? bytesToClient / seconds : 0;
    }

    /** Mean bytes per second towards the server over the window. */
    public double toServerBytesPerSecond() {
        return seconds > 0 ? bytesToServer / seconds : 0;
    }

    /** Statistics of the exchanges {@code {start, end}} clipped to the window {@code [from, to]} (nanoTime). */
    static LinkStats of(long connections, List<long[]> exchanges, long bytesToServer, long bytesToClient, long from,
                        long to) {
        long requests = 0;
        double busyNanos = 0;
        List<long[]> events = new ArrayList<>();
        for (long[] e : exchanges) {
            long start = Math.max(e[0], from);
            long end = Math.min(e[1], to);
            if (e[0] >= from && e[0] <= to) {
                requests++;
            }
            if (end >= start && e[1] >= from && e[0] <= to) {
                busyNanos += end - start;
                events.add(new long[] {start, +1});
                events.add(new long[] {end, -1});
            }
        }
        // Ends before starts at the same instant: back-to-back exchanges on one connection are not two at once.
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int peak = 0;
        for (long[] event : events) {
            now += (int) event[1];
            peak = Math.max(peak, now);
        }
        double seconds = (to - from) / 1e9;
        return new LinkStats(connections, requests, seconds > 0 ? busyNanos / 1e9 / seconds : 0, peak, bytesToServer,
                bytesToClient, seconds);
    }
}
