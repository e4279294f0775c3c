package io.hagicode.imagemirror.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on {@code 127.0.0.1:<free port>} that makes a loopback server look far away: it adds the profile's
 * one-way latency in each direction (a delay line, see {@link DelayLine}) and caps each connection's bandwidth and the
 * whole link's bandwidth (token buckets, per direction). Unlike {@link FaultProxy} it relays bytes, not requests, so
 * clients keep their connections alive and reuse them as they would over a WAN. The kernel here has no netem, hence
 * user space.
 *
 * <p>It counts the connections clients open and, from the byte flow of each connection, the HTTP/1.1 exchanges and how
 * many are in flight (see {@link ExchangeClock}); {@link #stats(long, long)} reports them for a window of time.
 */
public final class ShapedLink implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final InetSocketAddress upstream;
    private final LinkProfile profile;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final TokenBucket linkToServer;
    private final TokenBucket linkToClient;
    private final List<Long> connectionTimes = new CopyOnWriteArrayList<>();
    private final List<long[]> exchanges = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesToServer = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    /** Per connection, in the order opened: {bytes to the server, bytes to the client}; kept after it closes. */
    private final List<AtomicLong[]> bytesByConnection = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ShapedLink(InetSocketAddress upstream, LinkProfile profile) throws IOException {
        this.upstream = upstream;
        this.profile = profile;
        this.linkToServer = bucket(profile.linkBytesPerSecond());
        this.linkToClient = bucket(profile.linkBytesPerSecond());
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "testkit-shaped-link-" + server.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /** A link to any TCP server, given as {@code host:port}. */
    public static ShapedLink to(String hostPort, LinkProfile profile) {
        int colon = hostPort.lastIndexOf(':');
        try {
            return new ShapedLink(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), profile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the shaped link " + profile.name(), e);
        }
    }

    /** A link to a plain-HTTP registry of the kit. */
    public static ShapedLink inFrontOf(DistributionRegistry registry, LinkProfile profile) {
        if (registry.isTls()) {
            throw new IllegalArgumentException("the shaped link relays plain HTTP; " + registry + " uses TLS");
        }
        return to(registry.hostPort(), profile);
    }

    /** {@code 127.0.0.1:PORT}: the address clients use. */
    public String hostPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public LinkProfile profile() {
        return profile;
    }

    /** What crossed the link between two {@link System#nanoTime()} readings (exchanges still open are left out). */
    public LinkStats stats(long fromNanos, long toNanos) {
        long connections = connectionTimes.stream().filter(t -> t >= fromNanos && t <= toNanos).count();
        return LinkStats.of(connections, List.copyOf(exchanges), bytesToServer.get(), bytesToClient.get(), fromNanos,
                toNanos);
    }

    /** Every exchange so far as {@code {start, end}} ({@link System#nanoTime()}), in the order they ended. */
    public List<long[]> exchanges() {
        return exchanges.stream().map(long[]::clone).toList();
    }

    /**
     * Bytes delivered so far on each connection ever opened, in the order opened: {@code [i][0]} to the server,
     * {@code [i][1]} to the client. Sampled over time, it shows how many connections carry a transfer at once.
     */
    public long[][] bytesByConnection() {
        return bytesByConnection.stream().map(c -> new long[] {c[0].get(), c[1].get()}).toArray(long[][]::new);
    }

    /** Zeroes the byte counters (connections and exchanges are filtered by time instead). */
    public void resetBytes() {
        bytesToServer.set(0);
        bytesToClient.set(0);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(ShapedLink::quietlyClose);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "ShapedLink[" + hostPort() + " -> " + upstream.getHostString() + ":" + upstream.getPort() + ", "
                + profile + "]";
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                connectionTimes.add(System.nanoTime());
                open.add(client);
                threads.execute(() -> relay(client));
            } catch (IOException | RejectedExecutionException e) {
                if (closed) {
                    return;
                }
                pause();
            }
        }
    }

    private void relay(Socket client) {
        Socket remote = new Socket();
        open.add(remote);
        try {
            client.setTcpNoDelay(true);
            remote.setTcpNoDelay(true);
            remote.connect(upstream, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            end(client, remote, null);
            return;
        }
        ExchangeClock clock = new ExchangeClock(exchanges::add);
        AtomicLong[] counted = {new AtomicLong(), new AtomicLong()};
        bytesByConnection.add(counted);
        long latency = profile.oneWayLatency().toNanos();
        Runnable fail = () -> end(client, remote, clock);
        DelayLine up = new DelayLine(client, remote, latency, bucket(profile.connectionBytesPerSecond()), linkToServer,
                clock::clientSent, n -> {
                    bytesToServer.addAndGet(n);
                    counted[0].addAndGet(n);
                }, fail);
        DelayLine down = new DelayLine(remote, client, latency, bucket(profile.connectionBytesPerSecond()),
                linkToClient, t -> { }, n -> {
                    bytesToClient.addAndGet(n);
                    counted[1].addAndGet(n);
                    clock.serverDelivered(System.nanoTime());
                }, fail);
        try {
            threads.execute(up::write);
            threads.execute(down::read);
            threads.execute(() -> {
                down.write();
                end(client, remote, clock);
            });
        } catch (RejectedExecutionException e) {
            end(client, remote, clock);
            return;
        }
        up.read();
    }

    private void end(Socket client, Socket remote, ExchangeClock clock) {
        if (clock != null) {
            clock.close();
        }
        open.remove(client);
        open.remove(remote);
        quietlyClose(client);
        quietlyClose(remote);
    }

    private static TokenBucket bucket(long bytesPerSecond) {
        return bytesPerSecond == 0 ? TokenBucket.unlimited() : new TokenBucket(bytesPerSecond, DelayLine.CHUNK);
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
