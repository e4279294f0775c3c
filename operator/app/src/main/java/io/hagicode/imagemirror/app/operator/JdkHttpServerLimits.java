package io.hagicode.imagemirror.app.operator;

/**
 * Time limits for the JDK's HTTP server (the webhook receiver and the health endpoints), which has no per-request read
 * timeout of its own: a sender that trickles its headers or body would hold one of the receiver's few handler threads
 * for as long as it liked. The JDK reads these limits from JVM-wide system properties once, when its first server
 * starts, so every server of ours applies them before it starts; a value set on the command line
 * ({@code -Dsun.net.httpserver.maxReqTime=N}) is kept.
 */
public final class JdkHttpServerLimits {
    /** Seconds a request may take to arrive whole (headers and body), after which the connection is closed. */
    static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";
    /** Seconds the client may take to read our answer. */
    static final String MAX_RESPONSE_SECONDS = "sun.net.httpserver.maxRspTime";
    /** Registries post a few KiB of JSON; ten seconds is generous even across an ocean. */
    static final long SECONDS = 10;

    private JdkHttpServerLimits() {
    }

    /** Call before {@code HttpServer.create}. */
    public static void apply() {
        setIfAbsent(MAX_REQUEST_SECONDS);
        setIfAbsent(MAX_RESPONSE_SECONDS);
    }

    private static void setIfAbsent(String property) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(SECONDS));
        }
    }
}
