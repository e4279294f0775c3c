package io.hagicode.imagemirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The proxy against a real registry, spoken to with the JDK's HTTP client: each fault does what it says. */
class FaultProxyTest {
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private static DistributionRegistry registry;
    private static String layer;
    private FaultProxy proxy;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        registry = registries.plain();
        PushedImage image = FixtureImages.push(registry, "fp/app", "1", FixtureImage.single(
                ImageSpec.of("linux/amd64", new LayerSpec(7, 256 * 1024))), FixtureImages.Format.OCI);
        layer = image.manifests().get(0).layerDigests().get(0);
    }

    @BeforeEach
    void startProxy() {
        proxy = registries.closing(FaultProxy.inFrontOf(registry));
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + proxy.hostPort() + path))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void relaysUntouchedAndCountsRequests() throws Exception {
        HttpResponse<byte[]> blob = get("/v2/fp/app/blobs/" + layer);

        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(sha256(blob.body())).isEqualTo(layer);
        assertThat(proxy.count("GET", FaultProxy.blob(layer))).isEqualTo(1);
        assertThat(proxy.faultsInjected()).isZero();
        assertThat(registry.accessLog()).anyMatch(e -> e.is("GET") && e.path().endsWith(layer));
    }

    @Test
    void countsTheBodyBytesItRelaysEachWayAndOnlyThoseACutLetThrough() throws Exception {
        proxy.when("GET", FaultProxy.blob(layer)).times(1).then(Fault.cutResponseAfter(100_000));
        byte[] upload = new byte[50_000];
        HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(
                        URI.create("http://" + proxy.hostPort() + "/v2/fp/app/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        String location = post.headers().firstValue("Location").orElseThrow();
        long afterPost = proxy.responseBodyBytes();

        HttpResponse<byte[]> patch = http.send(HttpRequest.newBuilder(URI.create(location))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(upload))
                .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThatThrownBy(() -> get("/v2/fp/app/blobs/" + layer)).isInstanceOf(IOException.class);
        HttpResponse<byte[]> whole = get("/v2/fp/app/blobs/" + layer);

        assertThat(patch.statusCode()).isEqualTo(202);
        assertThat(proxy.requestBodyBytes()).isEqualTo(upload.length);
        assertThat(proxy.responseBodyBytes() - afterPost - patch.body().length)
                .isEqualTo(100_000 + whole.body().length);
        assertThat(sha256(whole.body())).isEqualTo(layer);
    }

    @Test
    void answersTheNextMatchingRequestsItselfThenRelaysAgain() throws Exception {
        FaultRule burst = proxy.when("GET", "/v2/$").times(2).then(Fault.status(503));
        FaultRule limited = proxy.when("GET", "/tags/list").times(1).then(Fault.tooManyRequests(Duration.ofSeconds(7)));

        assertThat(get("/v2/").statusCode()).isEqualTo(503);
        assertThat(get("/v2/").statusCode()).isEqualTo(503);
        assertThat(get("/v2/").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> tooMany = get("/v2/fp/app/tags/list");
        assertThat(tooMany.statusCode()).isEqualTo(429);
        assertThat(tooMany.headers().firstValue("Retry-After")).contains("7");
        assertThat(new String(tooMany.body())).contains("TOOMANYREQUESTS");
        assertThat(get("/v2/fp/app/tags/list").statusCode()).isEqualTo(200);
        assertThat(burst.hits()).isEqualTo(2);
        assertThat(burst.exhausted()).isTrue();
        assertThat(limited.hits()).isEqualTo(1);
        assertThat(proxy.faultsInjected()).isEqualTo(3);
    }

    @Test
    void cutsTheBodyShortAndTheClientNotices() {
        FaultRule cut = proxy.when("GET", FaultProxy.blob(layer)).then(Fault.cutResponseAfter(100_000));

        assertThatThrownBy(() -> get("/v2/fp/app/blobs/" + layer)).isInstanceOf(IOException.class);
        assertThat(cut.hits()).isEqualTo(1);
    }

    @Test
    void corruptsOneByteKeepingTheLength() throws Exception {
        proxy.when("GET", FaultProxy.blob(layer)).then(Fault.corruptByte(200_000));

        HttpResponse<byte[]> blob = get("/v2/fp/app/blobs/" + layer);

        assertThat(blob.body()).hasSize(get("/v2/fp/app/blobs/" + layer).body().length);
        assertThat(sha256(blob.body())).isNotEqualTo(layer);
        assertThat(sha256(get("/v2/fp/app/blobs/" + layer).body())).isEqualTo(layer);
    }

    @Test
    void dropsAResponseHeader() throws Exception {
        proxy.when("HEAD", FaultProxy.manifest("1")).then(Fault.dropResponseHeader("Docker-Content-Digest"));

        assertThat(headManifest().headers().firstValue("Docker-Content-Digest")).isEmpty();
        assertThat(headManifest().headers().firstValue("Docker-Content-Digest")).isPresent();
    }

    private HttpResponse<Void> headManifest() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + proxy.hostPort() + "/v2/fp/app/manifests/1"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void stallsWithTheConnectionOpenUntilTheProxyCloses() throws Exception {
        FaultRule stall = proxy.when("GET", FaultProxy.blob(layer)).then(Fault.stallResponseAfter(1000));
        AtomicLong received = new AtomicLong();
        CountDownLatch stallPointReached = new CountDownLatch(1);

        CompletableFuture<HttpResponse<Void>> pending = http.sendAsync(HttpRequest.newBuilder(
                URI.create("http://" + proxy.hostPort() + "/v2/fp/app/blobs/" + layer)).build(),
                HttpResponse.BodyHandlers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes -> {
                    if (received.addAndGet(bytes.length) >= 1000) {
                        stallPointReached.countDown();
                    }
                })));
        // Waits for the bytes before the stall point, so the checks below see the stall itself, not a slow start.
        assertThat(stallPointReached.await(5, TimeUnit.SECONDS)).as("the first 1000 body bytes arrived").isTrue();
        assertThat(pending).isNotDone();
        assertThat(received).hasValue(1000);
        proxy.close();
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        assertThat(stall.hits()).isEqualTo(1);
    }

    @Test
    void resetsTheConnection() throws Exception {
        proxy.when("GET", FaultProxy.blob(layer)).then(Fault.resetAfter(50_000));

        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.getOutputStream().write(("GET /v2/fp/app/blobs/" + layer + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes());
            InputStream in = socket.getInputStream();
            assertThatThrownBy(() -> in.readAllBytes()).isInstanceOf(java.net.SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void closesAConnectionThatDoesNotSpeakHttpAtOnce() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x10});
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void cannedAnswersWaitForTheWholeChunkedRequestBody() throws Exception {
        proxy.when("PUT", "/manifests/").then(Fault.respond(500, Map.of(), new byte[0]));

        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("PUT /v2/fp/app/manifests/x HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n").getBytes());
            String answer = new String(socket.getInputStream().readAllBytes());
            assertThat(answer).startsWith("HTTP/1.1 500 ").contains("Content-Length: 0");
        }
        assertThat(registry.accessLog()).noneMatch(e -> e.path().endsWith("/manifests/x"));
    }
}
