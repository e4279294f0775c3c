package io.hagicode.imagemirror.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of a {@link FaultProxy}, which carries exactly one request: the request goes upstream with
 * {@code Connection: close}, so every request gets a connection of its own and a fault on one never leaks into the
 * next. The request body is pumped raw on a second thread; the response is relayed by this one, which applies the
 * fault.
 */
final class ProxyExchange implements Runnable {
    /** Upper bound of a stall when the client never gives up (it normally times out and closes long before). */
    private static final long MAX_STALL_MILLIS = 120_000;

    private final FaultProxy proxy;
    private final Socket client;
    private final CountDownLatch clientGone = new CountDownLatch(1);

    ProxyExchange(FaultProxy proxy, Socket client) {
        this.proxy = proxy;
        this.client = client;
    }

    @Override
    public void run() {
        Socket upstream = null;
        try {
            InputStream in = new BufferedInputStream(client.getInputStream());
            HttpHead request = HttpHead.read(in);
            if (request == null) {
                return;
            }
            Fault fault = proxy.admit(request);
            if (fault instanceof Fault.Respond canned) {
                drainBody(request, in);
                respond(request, canned);
                return;
            }
            if (fault instanceof Fault.BeforeForwarding hook) {
                hook.action().run();
            }
            upstream = proxy.connectUpstream();
            OutputStream up = upstream.getOutputStream();
            up.write(request.with("Connection", "close").bytes());
            up.flush();
            long requestLimit = fault instanceof Fault.CutRequest cut ? cut.afterBodyBytes() : -1;
            Socket target = upstream;
            proxy.execute(() -> pumpRequestBody(in, target, requestLimit));

            InputStream upIn = new BufferedInputStream(upstream.getInputStream());
            HttpHead response = HttpHead.read(upIn);
            if (response == null) {
                return;
            }
            if (fault instanceof Fault.ResetResponse reset && reset.afterBodyBytes() < 0) {
                reset();
                return;
            }
            if (fault instanceof Fault.DropResponseHeader drop) {
                response = response.without(drop.name());
            }
            OutputStream out = client.getOutputStream();
            out.write(response.bytes());
            relayBody(upIn, out, fault);
        } catch (IOException | RuntimeException e) {
            // A peer went away or the registry is down: the connection simply ends, as it would on a real network.
        } finally {
            proxy.release(client);
            proxy.release(upstream);
        }
    }

    private void relayBody(InputStream from, OutputStream to, Fault fault) throws IOException {
        long limit = Long.MAX_VALUE;
        if (fault instanceof Fault.CutResponse f) {
            limit = f.afterBodyBytes();
        } else if (fault instanceof Fault.StallResponse f) {
            limit = f.afterBodyBytes();
        } else if (fault instanceof Fault.ResetResponse f) {
            limit = f.afterBodyBytes();
        }
        long corruptAt = fault instanceof Fault.CorruptResponse c ? c.offset() : -1;
        byte[] buf = new byte[16 * 1024];
        long position = 0;
        while (position < limit) {
            int n = from.read(buf, 0, (int) Math.min(buf.length, limit - position));
            if (n < 0) {
                return; // the body ended before the fault's offset: it is relayed whole
            }
            if (corruptAt >= position && corruptAt < position + n) {
                buf[(int) (corruptAt - position)] ^= (byte) 0xff;
            }
            to.write(buf, 0, n);
            proxy.countResponseBody(n);
            position += n;
        }
        to.flush();
        if (fault instanceof Fault.ResetResponse) {
            reset();
        } else if (fault instanceof Fault.StallResponse) {
            stall();
        }
        // CutResponse: returning closes the connection normally, mid-body.
    }

    /** Sends nothing more until the client gives up, the proxy closes, or the bound is reached. */
    private void stall() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_STALL_MILLIS);
        try {
            while (!proxy.isClosed() && System.nanoTime() < deadline) {
                if (clientGone.await(50, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reset() throws IOException {
        client.setSoLinger(true, 0);
        client.close();
    }

    /** Client to registry, raw; with a limit, both connections are closed once that much body went through. */
    private void pumpRequestBody(InputStream in, Socket upstream, long limit) {
        try {
            OutputStream out = upstream.getOutputStream();
            byte[] buf = new byte[16 * 1024];
            long forwarded = 0;
            while (limit < 0 || forwarded < limit) {
                int max = limit < 0 ? buf.length : (int) Math.min(buf.length, limit - forwarded);
                int n = in.read(buf, 0, max);
                if (n < 0) {
                    return;
                }
                out.write(buf, 0, n);
                proxy.countRequestBody(n);
                forwarded += n;
            }
            out.flush();
            proxy.release(client);
            proxy.release(upstream);
        } catch (IOException | RuntimeException e) {
            // the exchange is over
        } finally {
            clientGone.countDown();
        }
    }

    private void respond(HttpHead request, Fault.Respond canned) throws IOException {
        List<String[]> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : canned.headers().entrySet()) {
            headers.add(new String[] {h.getKey(), h.getValue()});
        }
        if (canned.withContentLength() && canned.headers().keySet().stream()
                .noneMatch(k -> k.equalsIgnoreCase("Content-Length"))) {
            headers.add(new String[] {"Content-Length", Integer.toString(canned.body().length)});
        }
        headers.add(new String[] {"Connection", "close"});
        OutputStream out = client.getOutputStream();
        out.write(HttpHead.of("HTTP/1.1 " + canned.status() + " Injected", headers).bytes());
        if (!request.method().equalsIgnoreCase("HEAD")) {
            out.write(canned.body());
        }
        out.flush();
    }

    /** Reads the request body to its end, so a canned answer is read by the client rather than lost to a reset. */
    private static void drainBody(HttpHead request, InputStream in) throws IOException {
        if (!request.isChunked()) {
            skip(in, Math.max(0, request.contentLength()));
            return;
        }
        while (true) {
            String sizeLine = line(in);
            long size = Long.parseLong(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return;
            }
            skip(in, size);
            line(in);
        }
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new IOException("request body ended early");
                }
                n = 1;
            }
            left -= n;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || buf.size() > 8192) {
                throw new IOException("bad chunked request body");
            }
            if (b != '\r') {
                buf.write(b);
            }
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }
}
