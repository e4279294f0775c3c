package io.hagicode.imagemirror.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A minimal HTTP/1.1 server on 127.0.0.1 that can answer before reading the request body and then close the
 * connection, as nginx does with 413 when a body exceeds {@code client_max_body_size}. MockWebServer always reads the
 * whole body first, so it cannot show whether the client still sees such an answer.
 */
final class RawHttpServer implements AutoCloseable {
    /** What arrived before the body. */
    record Request(String line, long contentLength) {
        boolean is(String method) {
            return line.startsWith(method + " ");
        }
    }

    /** An answer; {@code readBody} false answers right after the headers and closes without reading the body. */
    record Answer(int status, String headers, boolean readBody) {
    }

    private final ServerSocket socket;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final Thread thread;

    RawHttpServer(Function<Request, Answer> handler) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        thread = new Thread(() -> serve(handler), "raw-http-server");
        thread.setDaemon(true);
        thread.start();
    }

    String registry() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Request lines of the HTTP requests seen, in order (a TLS probe shows up as an unreadable line). */
    List<String> requestLines() {
        return new ArrayList<>(requestLines);
    }

    private void serve(Function<Request, Answer> handler) {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                InputStream in = new java.io.PushbackInputStream(connection.getInputStream(), 1);
                int first = in.read();
                if (first == 0x16) {
                    continue; // a TLS ClientHello (the insecure client's https probe): hang up, as Go's server does
                }
                ((java.io.PushbackInputStream) in).unread(first);
                String requestLine = readLine(in);
                long contentLength = 0;
                for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
                    if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        contentLength = Long.parseLong(header.substring(15).strip());
                    }
                }
                requestLines.add(requestLine);
                Answer answer = handler.apply(new Request(requestLine, contentLength));
                if (answer.readBody()) {
                    in.readNBytes((int) contentLength);
                }
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 " + answer.status() + " X\r\n" + answer.headers()
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                connection.shutdownOutput();
            } catch (IOException | RuntimeException e) {
                // The client may well have hung up; serve the next connection.
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 8192) {
                break;
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
