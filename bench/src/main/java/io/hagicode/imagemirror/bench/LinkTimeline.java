package io.hagicode.imagemirror.bench;

import io.hagicode.imagemirror.testkit.LinkProfile;
import io.hagicode.imagemirror.testkit.ShapedLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Samples one link's byte counters every {@link #STEP_MILLIS} during a run, in the direction that matters (from the
 * source, to a target), so that the idle stretches show: when the first and last payload byte crossed, the throughput
 * while bytes flowed, and how many connections carried a transfer at once. The link can only run at its cap while at
 * least (link cap ÷ connection cap) connections carry one.
 */
final class LinkTimeline implements AutoCloseable {
    static final long STEP_MILLIS = 250;
    /**
     * A connection counts as carrying a transfer in a step when it moved more than this: a quarter of the connection
     * cap's share of the step, well above request heads and HEAD answers (a few hundred bytes).
     */
    private final long busyThreshold;
    private final ShapedLink link;
    private final int direction;
    private final List<long[]> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /** @param toServer true for a target (uploads), false for the source (downloads) */
    LinkTimeline(ShapedLink link, boolean toServer) {
        this.link = link;
        this.direction = toServer ? 0 : 1;
        this.busyThreshold = link.profile().connectionBytesPerSecond() * STEP_MILLIS / 1000 / 4;
        this.sampler = new Thread(this::sample, "bench-link-timeline");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** One step: {@code {bytes moved, connections carrying a transfer, bytes in either direction}}. */
    private void sample() {
        long[][] before = link.bytesByConnection();
        long next = System.nanoTime();
        while (running) {
            next += STEP_MILLIS * 1_000_000;
            long sleep = (next - System.nanoTime()) / 1_000_000;
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            }
            long[][] now = link.bytesByConnection();
            long bytes = 0;
            long any = 0;
            int busy = 0;
            for (int i = 0; i < now.length; i++) {
                long delta = now[i][direction] - (i < before.length ? before[i][direction] : 0);
                bytes += delta;
                any += delta + now[i][1 - direction] - (i < before.length ? before[i][1 - direction] : 0);
                if (delta > busyThreshold) {
                    busy++;
                }
            }
            synchronized (samples) {
                samples.add(new long[] {bytes, busy, any});
            }
            before = now;
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The summary over the steps that moved payload (more than one busy connection's threshold). */
    Summary summary() {
        List<long[]> copy;
        synchronized (samples) {
            copy = List.copyOf(samples);
        }
        int first = -1;
        int last = -1;
        int firstRequest = -1;
        for (int i = 0; i < copy.size(); i++) {
            firstRequest = firstRequest < 0 && copy.get(i)[2] > 0 ? i : firstRequest;
            if (copy.get(i)[0] > busyThreshold) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return new Summary(firstRequest * STEP_MILLIS / 1000.0, 0, 0, 0, 0, 0, "");
        }
        long bytes = 0;
        long busySteps = 0;
        int fullSteps = 0;
        int needed = (int) Math.ceil((double) link.profile().linkBytesPerSecond()
                / link.profile().connectionBytesPerSecond());
        StringBuilder perSecond = new StringBuilder();
        int stepsPerSecond = (int) (1000 / STEP_MILLIS);
        for (int i = first; i <= last; i++) {
            bytes += copy.get(i)[0];
            busySteps += copy.get(i)[1];
            fullSteps += copy.get(i)[1] >= needed ? 1 : 0;
        }
        for (int s = 0; s * stepsPerSecond < copy.size(); s++) {
            long b = 0;
            long maxBusy = 0;
            for (int i = s * stepsPerSecond; i < Math.min(copy.size(), (s + 1) * stepsPerSecond); i++) {
                b += copy.get(i)[0];
                maxBusy = Math.max(maxBusy, copy.get(i)[1]);
            }
            perSecond.append(String.format(Locale.ROOT, "%s%.1f/%d", s == 0 ? "" : " ", b / (double) LinkProfile.MIB,
                    maxBusy));
        }
        int steps = last - first + 1;
        double seconds = steps * STEP_MILLIS / 1000.0;
        return new Summary(firstRequest * STEP_MILLIS / 1000.0, first * STEP_MILLIS / 1000.0,
                (last + 1) * STEP_MILLIS / 1000.0,
                bytes / seconds / link.profile().linkBytesPerSecond(), (double) busySteps / steps,
                (double) fullSteps / steps, perSecond.toString());
    }

    /**
     * @param firstRequestSeconds start of the first step with any traffic (a request) on the link
     * @param firstByteSeconds   start of the first step that moved payload, from the start of sampling
     * @param lastByteSeconds    end of the last one
     * @param utilisation        bytes moved between them over the link cap × that time
     * @param meanBusy           connections carrying a transfer, averaged over those steps
     * @param fullShare          share of those steps with enough busy connections to fill the link
     * @param perSecond          per second from the start: "MiB moved/most busy connections in a step"
     */
    record Summary(double firstRequestSeconds, double firstByteSeconds, double lastByteSeconds, double utilisation,
                   double meanBusy,
                   double fullShare, String perSecond) {
    }
}
