package io.hagicode.imagemirror.app.operator.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hagicode.imagemirror.app.operator.JdkHttpServerLimits;
import io.hagicode.imagemirror.oci.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint registries send their push webhooks to, on a port of its own so that it can be exposed (through an
 * Ingress) without exposing the metrics. A request goes through, in this order: POST only (405); this replica leads
 * (503); a registered path
 * (404, see {@link HookPath}); the path's rate limit (429, before the body is read); a body of at most
 * {@value #MAX_BODY_BYTES} bytes (413); JSON (400); a format it recognises (400); the format's signature, if it has one
 * (401). Then the pushes of tags that name the mirror's source repository and that its filter selects are handed to
 * the {@link PushSink}, and the sender gets 202 whether any was (events about other repositories, pulls and deletes
 * are acknowledged and ignored, so that a registry does not retry them).
 * <p>
 * Logs name the mirror, never the path, the token, a signature or the body. A request can cost at most its body's
 * parse: everything else it may cause is queued work, bounded per mirror to one sync at a time. A request must arrive
 * whole within {@link JdkHttpServerLimits} (10 s), so a slow sender cannot hold a handler thread.
 */
public final class WebhookReceiver implements AutoCloseable {
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final long DRAIN_LIMIT_BYTES = 4L * MAX_BODY_BYTES;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Hooks hooks;
    private final BooleanSupplier leading;
    private final PathRateLimit rateLimit;
    private final PushSink sink;
    private final WebhookObserver observer;
    private final Clock clock;
    private final HttpServer server;
    private final ThreadPoolExecutor handlers;

    private WebhookReceiver(Hooks hooks, BooleanSupplier leading, PathRateLimit rateLimit, PushSink sink,
                            WebhookObserver observer, Clock clock, HttpServer server, ThreadPoolExecutor handlers) {
        this.observer = observer;
        this.hooks = hooks;
        this.leading = leading;
        this.rateLimit = rateLimit;
        this.sink = sink;
        this.clock = clock;
        this.server = server;
        this.handlers = handlers;
    }

    /**
     * @param leading false on a standby replica, which reconciles nothing and so knows no path: it answers 503 so that
     *                a sender that retries (Distribution, Harbor, GitHub) tries again, rather than 404
     */
    public static WebhookReceiver start(WebhookSettings settings, Hooks hooks, BooleanSupplier leading, PushSink sink,
                                        Clock clock) throws IOException {
        return start(settings, hooks, leading, sink, WebhookObserver.NONE, clock);
    }

    /** @param observer told the sender and the status of each request answered (the metrics) */
    public static WebhookReceiver start(WebhookSettings settings, Hooks hooks, BooleanSupplier leading, PushSink sink,
                                        WebhookObserver observer, Clock clock) throws IOException {
        JdkHttpServerLimits.apply();
        HttpServer server = HttpServer.create(settings.address(), 64);
        AtomicInteger threads = new AtomicInteger();
        // A few handlers and a short queue: when both are full the accepting thread handles the request itself,
        // which slows down accepting rather than letting a flood grow the queue.
        ThreadPoolExecutor handlers = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(64), r -> {
                    Thread t = new Thread(r, "imagemirror-webhook-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        WebhookReceiver receiver = new WebhookReceiver(hooks, leading,
                new PathRateLimit(settings.burst(), settings.perSecond(), clock), sink, observer, clock, server,
                handlers);
        server.createContext("/", receiver::handle);
        server.setExecutor(handlers);
        server.start();
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant arrivedAt = clock.instant();
            String[] sender = {"unknown"};
            try {
                answer(exchange, 202, receive(exchange, arrivedAt, f -> sender[0] = f.sender()));
                observer.answered(sender[0], 202);
            } catch (RejectedEventException e) {
                observer.answered(sender[0], e.status());
                if (e.status() == 429 || e.status() == 503) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                }
                if (e.status() == 413) {
                    // The rest of the body is not read: the connection cannot carry another request.
                    exchange.getResponseHeaders().set("Connection", "close");
                }
                answer(exchange, e.status(), message("error", e.getMessage()));
            } catch (IOException e) {
                LOG.debug("webhook request aborted: {}", e.toString());
            } catch (RuntimeException e) {
                observer.answered(sender[0], 500);
                LOG.warn("webhook request failed: {}", e.getClass().getName());
                answer(exchange, 500, message("error", "internal error"));
            }
        }
    }

    private ObjectNode receive(HttpExchange exchange, Instant arrivedAt, Consumer<EventFormat> recognised)
            throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            throw new RejectedEventException(405, "webhooks are POSTed");
        }
        if (!leading.getAsBoolean()) {
            throw new RejectedEventException(503, "this operator replica is a standby; retry");
        }
        String path = exchange.getRequestURI().getRawPath();
        Hook hook = hooks.at(path).orElseThrow(() -> new RejectedEventException(404, "no webhook at this path"));
        if (!rateLimit.tryAcquire(path)) {
            LOG.debug("{}: too many requests, answered 429", hook); // not info: a flood would flood the log too
            throw new RejectedEventException(429, "too many requests for this webhook; retry later");
        }
        byte[] body = body(exchange);
        WebhookRequest request = new WebhookRequest(headers(exchange), body, json(body));
        EventFormat format = EventFormats.recognise(request);
        recognised.accept(format);
        try {
            format.verify(request, hook.token());
        } catch (RejectedEventException e) {
            LOG.warn("{}: refused a {} event: {}", hook, format.sender(), e.getMessage());
            throw e;
        }
        List<PushEvent> pushes = format.pushes(request);
        List<PushEvent> wanted = pushes.stream().filter(p -> names(p, hook.source()))
                .filter(p -> hook.selects().test(p.tag())).toList();
        if (wanted.isEmpty()) {
            LOG.debug("{}: {} event with {} push(es), none for a selected tag of the source", hook, format.sender(),
                    pushes.size());
            return message("ignored", pushes.isEmpty() ? "no push of a tag in this event"
                    : "no push of a tag the mirror selects from " + hook.source());
        }
        sink.pushed(hook, wanted, arrivedAt);
        LOG.info("{}: {} push of {}", hook, format.sender(), wanted.stream().map(PushEvent::tag).distinct().toList());
        ObjectNode accepted = JsonNodeFactory.instance.objectNode();
        accepted.putArray("accepted").addAll(wanted.stream().map(PushEvent::tag).distinct()
                .map(JsonNodeFactory.instance::textNode).toList());
        return accepted;
    }

    /** Whether the event names the source: the sender's registry (the source's when it names none), and the path. */
    static boolean names(PushEvent push, Repository source) {
        try {
            return new Repository(push.registry().orElse(source.registry()), push.repository()).equals(source);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> out = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                out.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return out;
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                    && Long.parseLong(length) > MAX_BODY_BYTES) {
                throw tooLarge(in);
            }
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge(in);
            }
            return body;
        }
    }

    /**
     * Reads and drops what the sender still sends, up to {@value #DRAIN_LIMIT_BYTES} bytes, before the 413 goes out:
     * closing a connection with unread bytes makes the kernel reset it, and a reset can destroy the answer before the
     * sender reads it. A body beyond that bound gets the reset.
     */
    private static RejectedEventException tooLarge(InputStream rest) throws IOException {
        byte[] sink = new byte[8192];
        long drained = 0;
        for (int n; drained < DRAIN_LIMIT_BYTES && (n = rest.read(sink)) > 0; ) {
            drained += n;
        }
        return tooLarge();
    }

    private static RejectedEventException tooLarge() {
        return new RejectedEventException(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw RejectedEventException.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw RejectedEventException.badRequest("the body is not valid JSON");
        } catch (IOException e) {
            throw RejectedEventException.badRequest("the body could not be read");
        }
    }

    private static ObjectNode message(String field, String text) {
        return JsonNodeFactory.instance.objectNode().put(field, text);
    }

    private static void answer(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
