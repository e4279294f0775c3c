package io.hagicode.imagemirror.app.operator.webhook;

/** Told of every webhook request the receiver answered, for the metrics. */
@FunctionalInterface
public interface WebhookObserver {
    WebhookObserver NONE = (sender, status) -> { };

    /**
     * @param sender the format recognised ({@link EventFormat#sender()}), or {@code unknown} when the request was
     *               answered before its format was known (a wrong path, a flood, a body too large or not JSON)
     * @param status the HTTP status answered
     */
    void answered(String sender, int status);
}
