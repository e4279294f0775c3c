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
import java.util.regex.Pattern;

/**
 * A plain-HTTP proxy on {@code 127.0.0.1:<free port>} in front of a plain-HTTP registry, that injects programmed
 * faults into chosen requests: cut, stalled or reset connections, 5xx and 429 answers, corrupt bodies, missing headers,
 * canned answers. Clients use {@link #hostPort()} as the registry name (marked insecure). The {@code Host} header is
 * forwarded unchanged, so the registry writes upload {@code Location}s that point back at the proxy.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.inFrontOf(registry)) {
 *     FaultRule cut = proxy.when("GET", FaultProxy.blob(digest)).times(1).then(Fault.cutResponseAfter(64 * 1024));
 *     ... sync from proxy.hostPort() ...
 *     assertThat(cut.hits()).isEqualTo(1);
 * }
 * }</pre>
 * Every request gets a connection of its own (see {@link ProxyExchange}), so connection reuse never hides a fault.
 */
public final class FaultProxy implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final List<ProxiedRequest> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong requestBodyBytes = new AtomicLong();
    private final AtomicLong responseBodyBytes = new AtomicLong();
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "testkit-fault-proxy-" + server.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /** A proxy to a plain-HTTP registry of the kit. */
    public static FaultProxy inFrontOf(DistributionRegistry registry) {
        if (registry.isTls()) {
            throw new IllegalArgumentException("the fault proxy speaks plain HTTP; " + registry + " uses TLS");
        }
        return to(registry.hostPort());
    }

    /** A proxy to any plain-HTTP server, given as {@code host:port}. */
    public static FaultProxy to(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            return new FaultProxy(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fault proxy", e);
        }
    }

    /** {@code 127.0.0.1:PORT}: the registry name clients use. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Starts a rule for requests of {@code method} ({@code "*"} for any) whose path plus query contains a match of
     * {@code uriRegex}.
     */
    public FaultRule.Builder when(String method, String uriRegex) {
        return new FaultRule.Builder(this, method, uriRegex);
    }

    /** Regex for requests on a blob (GET/HEAD {@code /blobs/<digest>}), for {@link #when}. */
    public static String blob(String digest) {
        return "/blobs/" + Pattern.quote(digest) + "$";
    }

    /** Regex for requests on a manifest by tag or digest, for {@link #when}. */
    public static String manifest(String reference) {
        return "/manifests/" + Pattern.quote(reference) + "$";
    }

    /** Regex for the requests that upload a blob (POST, PATCH, PUT under {@code /blobs/uploads/}). */
    public static String blobUpload() {
        return "/blobs/uploads/";
    }

    /** Removes every rule; requests are relayed untouched from now on. */
    public void clearRules() {
        rules.clear();
    }

    /** Every request received so far, in order of arrival. */
    public List<ProxiedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Requests received so far with that method ({@code "*"} for any) and a match of {@code uriRegex}. */
    public long count(String method, String uriRegex) {
        Pattern p = Pattern.compile(uriRegex);
        return requests.stream().filter(r -> method.equals("*") || r.is(method))
                .filter(r -> p.matcher(r.uri()).find()).count();
    }

    /** Bytes of request bodies relayed to the registry so far (uploads), heads not counted. */
    public long requestBodyBytes() {
        return requestBodyBytes.get();
    }

    /** Bytes of response bodies relayed to clients so far (blob and manifest reads), heads not counted. */
    public long responseBodyBytes() {
        return responseBodyBytes.get();
    }

    /** Requests that got a fault. */
    public long faultsInjected() {
        return requests.stream().filter(ProxiedRequest::faulted).count();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(this::release);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "FaultProxy[" + hostPort() + " -> " + upstream.getHostString() + ":" + upstream.getPort() + "]";
    }

    FaultRule install(FaultRule rule) {
        rules.add(rule);
        return rule;
    }

    /** Records the request and takes the first rule that matches it; null when none does. */
    Fault admit(HttpHead request) {
        Fault fault = null;
        for (FaultRule rule : rules) {
            if (rule.take(request.method(), request.uri())) {
                fault = rule.fault();
                break;
            }
        }
        requests.add(new ProxiedRequest(request.method(), request.uri(), request.header("Authorization") != null,
                fault, System.nanoTime()));
        return fault;
    }

    void countRequestBody(int bytes) {
        requestBodyBytes.addAndGet(bytes);
    }

    void countResponseBody(int bytes) {
        responseBodyBytes.addAndGet(bytes);
    }

    Socket connectUpstream() throws IOException {
        Socket socket = new Socket();
        open.add(socket);
        socket.connect(upstream, CONNECT_TIMEOUT_MILLIS);
        return socket;
    }

    void execute(Runnable task) {
        try {
            threads.execute(task);
        } catch (RejectedExecutionException e) {
            // closing: the exchange ends with the proxy
        }
    }

    void release(Socket socket) {
        if (socket == null) {
            return;
        }
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(new ProxyExchange(this, client));
            } catch (IOException | RejectedExecutionException e) {
                if (closed) {
                    return;
                }
                pauseAfterAcceptFailure();
            }
        }
    }

    /** A failing accept (out of file descriptors, say) must not spin a core. */
    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
