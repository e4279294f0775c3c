package io.hagicode.imagemirror.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A forward HTTP proxy on {@code 127.0.0.1:<free port>}, as corporate networks have: {@code CONNECT host:port} opens a
 * tunnel (what clients do for https:// targets), and an absolute-form request ({@code GET http://host/path}) is
 * relayed in clear text (what they do for http:// targets). It can require {@code Proxy-Authorization}, answering
 * 407 without it. Every request head it sees is kept, so a test can check what the proxy could read: through a
 * tunnel only the CONNECT line and its headers, never the TLS traffic inside.
 *
 * <p>Each relayed plain request is sent upstream with {@code Connection: close} and gets a connection of its own,
 * so no second request is ever piped through unparsed.
 */
public final class ConnectProxy implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Optional<BasicCredentials> required;
    private final List<Head> heads = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    /** One request head as the proxy received it: the request line and the header lines. */
    public record Head(String requestLine, List<String> headerLines) {
        public boolean isConnect() {
            return requestLine.startsWith("CONNECT ");
        }

        /** The request target: {@code host:port} for CONNECT, the absolute URL otherwise. */
        public String target() {
            return requestLine.split(" ")[1];
        }

        public Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(l -> l.substring(prefix.length()).trim()).findFirst();
        }

        /** The whole head as text, to check that a secret is nowhere in it. */
        public String text() {
            return requestLine + "\r\n" + String.join("\r\n", headerLines);
        }
    }

    private ConnectProxy(Optional<BasicCredentials> required) throws IOException {
        this.required = required;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "testkit-connect-proxy-" + server.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /** A proxy anyone may use. */
    public static ConnectProxy open() {
        return start(Optional.empty());
    }

    /** A proxy that answers 407 unless the request carries these credentials in {@code Proxy-Authorization}. */
    public static ConnectProxy requiring(BasicCredentials credentials) {
        return start(Optional.of(credentials));
    }

    private static ConnectProxy start(Optional<BasicCredentials> required) {
        try {
            return new ConnectProxy(required);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the CONNECT proxy", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the value for {@code HTTPS_PROXY} or a spec's {@code proxy}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every request head received, in order, including those answered 407. */
    public List<Head> heads() {
        return List.copyOf(heads);
    }

    /** CONNECT tunnels opened (authorized and connected upstream). */
    public long tunnels() {
        return heads.stream().filter(Head::isConnect).filter(this::authorized).count();
    }

    /** Plain requests relayed (authorized). */
    public long relayed() {
        return heads.stream().filter(h -> !h.isConnect()).filter(this::authorized).count();
    }

    /** Requests answered 407. */
    public long refused() {
        return heads.stream().filter(h -> !authorized(h)).count();
    }

    private boolean authorized(Head head) {
        return required.isEmpty()
                || head.header("Proxy-Authorization").equals(Optional.of(required.get().basicAuthorizationHeader()));
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                Optional<Head> read = readHead(in);
                if (read.isEmpty()) {
                    return;
                }
                Head head = read.get();
                heads.add(head);
                if (!authorized(head)) {
                    out.write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
                            + "Proxy-Authenticate: Basic realm=\"testkit\"\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    continue; // the client may retry on this connection with credentials
                }
                if (head.isConnect()) {
                    tunnel(head, in, out);
                } else {
                    relay(head, in, out);
                }
                return;
            }
        } catch (IOException e) {
            // the client or the upstream went away: nothing to report, the test sees its own failure
        } finally {
            open.remove(client);
        }
    }

    private void tunnel(Head head, InputStream in, OutputStream out) throws IOException {
        String target = head.target();
        int colon = target.lastIndexOf(':');
        try (Socket upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))) {
            open.add(upstream);
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            pipe(in, out, upstream);
        }
    }

    private void relay(Head head, InputStream in, OutputStream out) throws IOException {
        URI uri = URI.create(head.target());
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        String[] line = head.requestLine().split(" ");
        String originForm = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        StringBuilder request = new StringBuilder(line[0] + " " + originForm + " " + line[2] + "\r\n");
        for (String header : head.headerLines()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("proxy-") && !lower.startsWith("connection:")) {
                request.append(header).append("\r\n");
            }
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket upstream = new Socket(uri.getHost(), port)) {
            open.add(upstream);
            upstream.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            upstream.getOutputStream().flush();
            pipe(in, out, upstream);
        }
    }

    /** Copies both ways until the upstream closes (the client side is copied on a thread of its own). */
    private void pipe(InputStream in, OutputStream out, Socket upstream) throws IOException {
        threads.execute(() -> {
            try {
                in.transferTo(upstream.getOutputStream());
                upstream.shutdownOutput();
            } catch (IOException e) {
                // one side closed
            }
        });
        try {
            upstream.getInputStream().transferTo(out);
        } finally {
            open.remove(upstream);
        }
    }

    private static Optional<Head> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                line.reset();
                if (text.isEmpty()) {
                    return lines.isEmpty() ? Optional.empty() : Optional.of(new Head(lines.get(0),
                            List.copyOf(lines.subList(1, lines.size()))));
                }
                lines.add(text);
            } else {
                line.write(b);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "ConnectProxy[" + url() + (required.isPresent() ? ", auth required" : "") + "]";
    }
}
