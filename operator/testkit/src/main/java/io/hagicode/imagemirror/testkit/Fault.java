package io.hagicode.imagemirror.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link FaultProxy} does to a request its {@link FaultRule} matched. Byte counts of the {@code *Response}
 * faults are counted in the response body (after the head); those of {@link CutRequest} in the request body.
 */
public sealed interface Fault {

    /** Answers without contacting the registry (the request body is read and dropped first). */
    record Respond(int status, Map<String, String> headers, byte[] body, boolean withContentLength) implements Fault {
        public Respond {
            headers = Map.copyOf(headers);
            body = body.clone();
        }
    }

    /** Relays the head and {@code afterBodyBytes} bytes of the body, then closes the connection (a clean FIN). */
    record CutResponse(long afterBodyBytes) implements Fault {
    }

    /** Relays the head and {@code afterBodyBytes} bytes, then sends nothing more and keeps the socket open. */
    record StallResponse(long afterBodyBytes) implements Fault {
    }

    /**
     * Resets the connection (RST, through {@code SO_LINGER 0}) after {@code afterBodyBytes} bytes of the body; with
     * -1, the request still reaches the registry but its answer is lost before the head: "did my PUT happen?".
     */
    record ResetResponse(long afterBodyBytes) implements Fault {
    }

    /** Flips every bit of the body byte at {@code offset}; the length stays right, the digest does not. */
    record CorruptResponse(long offset) implements Fault {
    }

    /** Removes a response header, e.g. {@code Docker-Content-Digest}. */
    record DropResponseHeader(String name) implements Fault {
    }

    /** Relays the request head and {@code afterBodyBytes} bytes of its body upstream, then closes both sides. */
    record CutRequest(long afterBodyBytes) implements Fault {
    }

    /** Runs {@code action} (e.g. stopping the registry) on the proxy thread, then forwards the request as usual. */
    record BeforeForwarding(Runnable action) implements Fault {
    }

    static Fault status(int status) {
        return respond(status, Map.of("Content-Type", "application/json"), errorBody(status));
    }

    /** A 429 with {@code Retry-After} in seconds; {@code null} for none. */
    static Fault tooManyRequests(Duration retryAfter) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (retryAfter != null) {
            headers.put("Retry-After", Long.toString(retryAfter.toSeconds()));
        }
        return respond(429, headers, errorBody(429));
    }

    static Fault respond(int status, Map<String, String> headers, byte[] body) {
        return new Respond(status, headers, body, true);
    }

    /** The body is ended by closing the connection, so the client cannot know its size in advance. */
    static Fault respondWithoutLength(int status, Map<String, String> headers, byte[] body) {
        return new Respond(status, headers, body, false);
    }

    static Fault cutResponseAfter(long bodyBytes) {
        return new CutResponse(bodyBytes);
    }

    static Fault stallResponseAfter(long bodyBytes) {
        return new StallResponse(bodyBytes);
    }

    static Fault resetAfter(long bodyBytes) {
        return new ResetResponse(bodyBytes);
    }

    /** The request is served by the registry; the connection is reset before the client sees the answer. */
    static Fault resetBeforeResponse() {
        return new ResetResponse(-1);
    }

    static Fault corruptByte(long offset) {
        return new CorruptResponse(offset);
    }

    static Fault dropResponseHeader(String name) {
        return new DropResponseHeader(name);
    }

    static Fault cutRequestAfter(long bodyBytes) {
        return new CutRequest(bodyBytes);
    }

    static Fault beforeForwarding(Runnable action) {
        return new BeforeForwarding(action);
    }

    private static byte[] errorBody(int status) {
        String code = switch (status) {
            case 429 -> "TOOMANYREQUESTS";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "DENIED";
            default -> "UNKNOWN";
        };
        return ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"injected by the fault proxy (" + status
                + ")\"}]}").getBytes(StandardCharsets.UTF_8);
    }
}
