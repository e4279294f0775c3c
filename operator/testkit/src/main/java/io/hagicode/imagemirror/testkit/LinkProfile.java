package io.hagicode.imagemirror.testkit;

import java.time.Duration;

/**
 * What a {@link ShapedLink} imitates: the one-way latency added in each direction, and the bandwidth caps (bytes per
 * second, in each direction; 0 for none) of every connection and of the whole link shared by all its connections.
 */
public record LinkProfile(String name, Duration oneWayLatency, long connectionBytesPerSecond, long linkBytesPerSecond) {
    public static final long MIB = 1024 * 1024;

    public LinkProfile {
        if (oneWayLatency.isNegative()) {
            throw new IllegalArgumentException("link " + name + ": oneWayLatency " + oneWayLatency + " is negative");
        }
        if (connectionBytesPerSecond < 0 || linkBytesPerSecond < 0) {
            throw new IllegalArgumentException("link " + name + ": bandwidth caps must be 0 (none) or positive, got "
                    + connectionBytesPerSecond + " and " + linkBytesPerSecond);
        }
    }

    /** Round trip the link adds: twice the one-way latency. */
    public Duration roundTrip() {
        return oneWayLatency.multipliedBy(2);
    }

    @Override
    public String toString() {
        return name + " (" + roundTrip().toMillis() + " ms RTT, " + mib(connectionBytesPerSecond) + " MiB/s per connection, "
                + mib(linkBytesPerSecond) + " MiB/s link)";
    }

    private static String mib(long bytesPerSecond) {
        return bytesPerSecond == 0 ? "unlimited" : String.format(java.util.Locale.ROOT, "%.1f",
                bytesPerSecond / (double) MIB);
    }
}
