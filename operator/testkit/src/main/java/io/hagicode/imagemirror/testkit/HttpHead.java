package io.hagicode.imagemirror.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The start line and headers of an HTTP/1.1 request or response, as the {@link FaultProxy} reads and rewrites them. */
final class HttpHead {
    /** Registry heads are a few hundred bytes; anything this long is not HTTP. */
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final String startLine;
    private final List<String[]> headers;

    private HttpHead(String startLine, List<String[]> headers) {
        this.startLine = startLine;
        this.headers = List.copyOf(headers);
    }

    static HttpHead of(String startLine, List<String[]> headers) {
        return new HttpHead(startLine, headers);
    }

    /**
     * Reads up to the blank line. Null when the peer closed first or sent something that is not HTTP (a TLS
     * ClientHello from a client probing for https, say).
     */
    static HttpHead read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || buf.size() >= MAX_HEAD_BYTES || (buf.size() == 0 && (b < 'A' || b > 'Z'))) {
                return null;
            }
            buf.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = buf.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
            }
        }
        return new HttpHead(lines[0], headers);
    }

    String startLine() {
        return startLine;
    }

    /** The method of a request head. */
    String method() {
        return startLine.split(" ", 3)[0];
    }

    /** The request target (path and query) of a request head. */
    String uri() {
        String[] parts = startLine.split(" ", 3);
        return parts.length > 1 ? parts[1] : "";
    }

    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    HttpHead without(String name) {
        return new HttpHead(startLine, headers.stream().filter(h -> !h[0].equalsIgnoreCase(name)).toList());
    }

    /** Replaces every header of that name with one of this value. */
    HttpHead with(String name, String value) {
        List<String[]> out = new ArrayList<>(without(name).headers);
        out.add(new String[] {name, value});
        return new HttpHead(startLine, out);
    }

    boolean isChunked() {
        String te = header("Transfer-Encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    long contentLength() {
        String value = header("Content-Length");
        return value == null ? -1 : Long.parseLong(value.trim());
    }

    byte[] bytes() {
        StringBuilder sb = new StringBuilder(startLine).append("\r\n");
        for (String[] h : headers) {
            sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
