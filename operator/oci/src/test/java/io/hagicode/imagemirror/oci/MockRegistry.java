package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A MockWebServer on 127.0.0.1 playing a registry, for protocol corners a real registry cannot produce. Requests are
 * routed by method and path (without query), each route answering from its queue (the last answer repeats) or by a
 * function. {@code GET /v2/} answers 200 unless a test routes it. By default the server speaks TLS with a certificate
 * from a generated CA whose PEM is written to a file, so the client runs verified, as against a real registry.
 */
final class MockRegistry implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Path caFile;

    private record Route(String method, Pattern path, Function<RecordedRequest, MockResponse> answer) {
    }

    private MockRegistry(Path caFile) {
        this.caFile = caFile;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                String path = request.getPath() == null ? "" : request.getPath().split("\\?", 2)[0];
                for (Route route : routes) {
                    if (route.method().equals(request.getMethod()) && route.path().matcher(path).matches()) {
                        return route.answer().apply(request);
                    }
                }
                if ("GET".equals(request.getMethod()) && "/v2/".equals(path)) {
                    return new MockResponse().setResponseCode(200);
                }
                return new MockResponse().setResponseCode(404).setBody("no route for " + request.getRequestLine());
            }
        });
    }

    /** A TLS server whose CA certificate is written into {@code dir}. */
    static MockRegistry tls(Path dir) throws IOException {
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA").build();
        HeldCertificate cert = new HeldCertificate.Builder().signedBy(ca).commonName("127.0.0.1")
                .addSubjectAlternativeName("127.0.0.1").build();
        Path caFile = Files.createTempFile(dir, "ca", ".pem");
        Files.writeString(caFile, ca.certificatePem());
        MockRegistry registry = new MockRegistry(caFile);
        HandshakeCertificates serverCerts = new HandshakeCertificates.Builder().heldCertificate(cert).build();
        registry.server.useHttps(serverCerts.sslSocketFactory(), false);
        registry.server.start(InetAddress.getByName("127.0.0.1"), 0);
        return registry;
    }

    /** A plain-HTTP server (usable only with an insecure client, or as the target of a redirect). */
    static MockRegistry plain() throws IOException {
        MockRegistry registry = new MockRegistry(null);
        registry.server.start(InetAddress.getByName("127.0.0.1"), 0);
        return registry;
    }

    /** Answers {@code method path} with {@code responses} in turn, repeating the last. */
    MockRegistry on(String method, String pathRegex, MockResponse... responses) {
        Deque<MockResponse> queue = new ArrayDeque<>(List.of(responses));
        return on(method, pathRegex, request -> {
            synchronized (queue) {
                return queue.size() > 1 ? queue.poll() : queue.peek().clone();
            }
        });
    }

    MockRegistry on(String method, String pathRegex, Function<RecordedRequest, MockResponse> answer) {
        routes.add(0, new Route(method, Pattern.compile(pathRegex), answer));
        return this;
    }

    String registry() {
        return "127.0.0.1:" + server.getPort();
    }

    /** {@code scheme://127.0.0.1:port}, no trailing slash. */
    String origin() {
        return (caFile == null ? "http" : "https") + "://127.0.0.1:" + server.getPort();
    }

    Repository repository(String path) {
        return new Repository(registry(), path);
    }

    /** Options for fast tests: short backoff, this server's CA trusted. */
    ClientOptions options() {
        ClientOptions options = ClientOptions.defaults().withMaxAttempts(3)
                .withBackoff(Duration.ofMillis(5), Duration.ofSeconds(3))
                .withReadTimeout(Duration.ofSeconds(5));
        return caFile == null ? options : options.withExtraCaFiles(List.of(caFile));
    }

    Path caFile() {
        return caFile;
    }

    List<RecordedRequest> requests() {
        return new ArrayList<>(requests);
    }

    /** The recorded requests with this method whose path (without query) matches. */
    List<RecordedRequest> requests(String method, String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        List<RecordedRequest> matching = new ArrayList<>();
        for (RecordedRequest request : requests) {
            String path = request.getPath() == null ? "" : request.getPath().split("\\?", 2)[0];
            if (request.getMethod().equals(method) && pattern.matcher(path).matches()) {
                matching.add(request);
            }
        }
        return matching;
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
