package io.hagicode.imagemirror.app.operator.webhook;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The receiver's settings ({@code imagemirror operator --webhook-port}).
 *
 * @param coalesceWindow how long after a mirror's first pending push its targeted sync waits for more events of the
 *                       same burst (the manifests of one multi-arch push), so that they make one sync
 * @param burst          requests a path may send at once
 * @param perSecond      the rate a path's allowance refills at
 */
public record WebhookSettings(InetSocketAddress address, Duration coalesceWindow, int burst, double perSecond) {
    public static final int DEFAULT_BURST = 60;
    public static final double DEFAULT_PER_SECOND = 10;
    public static final Duration DEFAULT_COALESCE_WINDOW = Duration.ofMillis(500);

    public WebhookSettings {
        if (coalesceWindow.isNegative()) {
            throw new IllegalArgumentException("the webhook coalesce window must not be negative, was "
                    + coalesceWindow);
        }
    }

    public static WebhookSettings on(InetSocketAddress address) {
        return new WebhookSettings(address, DEFAULT_COALESCE_WINDOW, DEFAULT_BURST, DEFAULT_PER_SECOND);
    }
}
