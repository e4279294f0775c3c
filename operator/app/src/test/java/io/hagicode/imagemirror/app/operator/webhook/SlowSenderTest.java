package io.hagicode.imagemirror.app.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Repository;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sender that trickles its request is cut off after the JDK server's request time limit ({@code
 * JdkHttpServerLimits}, 10 s), instead of holding one of the receiver's four handler threads. The limit is a JVM-wide
 * property read once, when the JVM's first HTTP server starts, and this test JVM has started others (the testkit's
 * token server) before, so the receiver runs in a JVM of its own, as in the operator.
 */
class SlowSenderTest {

    @Test
    @Timeout(60)
    void aRequestThatDoesNotArriveWholeWithinTheLimitIsCutOff() throws Exception {
        Process receiver = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Receiver.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String[] portAndPath = new BufferedReader(new InputStreamReader(receiver.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().strip().split(" ");
            int port = Integer.parseInt(portAndPath[0]);
            String path = portAndPath[1];

            String whole = exchange(port, "POST " + path + " HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}");
            long started = System.nanoTime();
            String trickled = exchange(port, "POST " + path + " HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n{\"re");
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(whole).as("a whole request is read and answered (no known format)").startsWith("HTTP/1.1 400");
            assertThat(trickled).as("nothing is answered to the trickled request: the connection is closed").isEmpty();
            assertThat(seconds).as("closed by the 10 s limit (checked each second), not before").isBetween(9.0, 20.0);
        } finally {
            receiver.destroy();
        }
    }

    /** Sends {@code request}, then reads the answer until the server closes the connection (at most 30 s). */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    if (answer.indexOf("\r\n\r\n") >= 0) {
                        break; // an answer is in; the connection may stay open for another request
                    }
                }
            } catch (IOException closed) {
                // a reset is a close too
            }
            return answer.toString();
        }
    }

    /** The receiver alone in a JVM, with one hook: prints its port and the hook's path, then serves until killed. */
    public static final class Receiver {
        public static void main(String[] args) throws Exception {
            String token = "slow-sender-token";
            String path = HookPath.of(token, "mirrors", "slow");
            Hooks hooks = new Hooks();
            hooks.register(new Hook(new ResourceID("slow", "mirrors"), path, token.getBytes(StandardCharsets.UTF_8),
                    Repository.parse("registry.example.com/team/app"), tag -> true));
            WebhookReceiver receiver = WebhookReceiver.start(new WebhookSettings(new InetSocketAddress("127.0.0.1", 0),
                    Duration.ZERO, 100, 100), hooks, () -> true, (hook, pushes, at) -> { }, Clock.systemUTC());
            System.out.println(receiver.port() + " " + path);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
