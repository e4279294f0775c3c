package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.app.operator.webhook.WebhookObserver;
import io.hagicode.imagemirror.oci.RequestObserver;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TargetReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The operator's own metrics (JOSDK's micrometer support adds the reconcile ones). Prometheus names:
 * <ul>
 *   <li>{@code imagemirror_sync_duration_seconds{namespace,name,result}}: a timer per finished sync, result = the Ready
 *       reason;</li>
 *   <li>{@code imagemirror_copied_bytes_total{registry}}: blob bytes uploaded, per target registry;</li>
 *   <li>{@code imagemirror_registry_requests_total{registry,method,status}}: every HTTP exchange with a registry
 *       (status 0 = no response), and {@code imagemirror_registry_rate_limited_total{registry}}: the 429s among them;</li>
 *   <li>{@code imagemirror_propagation_seconds{registry}}: a histogram, per target registry, of the time from a webhook
 *       push to the end of the targeted sync that put the tag there;</li>
 *   <li>{@code imagemirror_webhook_requests_total{sender,status}}: requests the webhook receiver answered (sender
 *       {@code unknown} before the format is known);</li>
 *   <li>{@code imagemirror_syncs_active} and {@code imagemirror_syncs_queued}: the sync pool;</li>
 *   <li>per mirror, labels {@code namespace} and {@code name}, read from the status each reconcile so they survive a
 *       restart (the alerts in deploy/components/monitoring use them): {@code imagemirror_ready} (1 while Ready is True),
 *       {@code imagemirror_suspended}, {@code imagemirror_tags_out_of_sync} (failed tag copies of the last sync),
 *       {@code imagemirror_last_success_timestamp_seconds} (status.lastSuccessfulSyncTime, 0 before the first) and
 *       {@code imagemirror_schedule_period_seconds} (between two consecutive runs of the schedule).</li>
 * </ul>
 * The first two and the per-mirror ones are written in one place, {@link #record}, which the reconciler's record step
 * calls with the status it leaves; the registry counters come from the registry client, the pool gauges read the pool.
 */
public final class OperatorMetrics {
    private final MeterRegistry registry;
    private final Map<MirrorRef, PerMirror> mirrors = new ConcurrentHashMap<>();

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The observer to hand the registry client through {@code ClientOptions.withObserver}. */
    public RequestObserver requestObserver() {
        return (host, method, status, nanos) -> {
            Counter.builder("imagemirror.registry.requests")
                    .description("HTTP requests to registries, by response status (0: no response)")
                    .tags("registry", host, "method", method, "status", Integer.toString(status))
                    .register(registry).increment();
            if (status == 429) {
                Counter.builder("imagemirror.registry.rate.limited")
                        .description("429 Too Many Requests answers from registries")
                        .tags("registry", host)
                        .register(registry).increment();
            }
        };
    }

    /** The observer to hand the webhook receiver. */
    public WebhookObserver webhookObserver() {
        return (sender, status) -> Counter.builder("imagemirror.webhook.requests")
                .description("Requests the webhook receiver answered, by sender format and HTTP status")
                .tags("sender", sender, "status", Integer.toString(status))
                .register(registry).increment();
    }

    /** Gauges of the sync pool. */
    public void watchPool(Supplier<Number> active, Supplier<Number> queued) {
        Gauge.builder("imagemirror.syncs.active", active).description("Syncs running now").register(registry);
        Gauge.builder("imagemirror.syncs.queued", queued).description("Syncs waiting for a worker").register(registry);
    }

    /**
     * The mirror's meters after a reconcile: its gauges from the status it leaves (and the spec), and the sync that
     * status records for the first time, if any. A completion is counted once even when a failed status patch makes the
     * next reconcile record it again.
     */
    public void record(MirrorRef mirror, ImageMirrorStatus status, boolean suspended,
                       Optional<Duration> schedulePeriod, Optional<SyncCompletion> recorded) {
        PerMirror meters = meters(mirror);
        meters.ready.set(new ConditionSet(status.getConditions()).isTrue(ConditionSet.READY) ? 1 : 0);
        meters.suspended.set(suspended ? 1 : 0);
        meters.outOfSync.set(status.getTargets().stream()
                .mapToLong(t -> t.getTagsFailed() == null ? 0 : t.getTagsFailed()).sum());
        Instant lastSuccess = Timestamps.parse(status.getLastSuccessfulSyncTime());
        meters.lastSuccess.set(lastSuccess == null ? 0 : lastSuccess.getEpochSecond());
        schedulePeriod.ifPresent(p -> meters.schedulePeriod.set(p.getSeconds()));
        recorded.filter(meters::firstTime).ifPresent(completion -> synced(meters, completion));
    }

    private void synced(PerMirror meters, SyncCompletion completion) {
        meters.remember(Timer.builder("imagemirror.sync.duration")
                .description("Duration of finished syncs; result is the Ready reason")
                .tags(meters.tags).tag("result", completion.verdict().reason().name())
                .register(registry)).record(completion.duration());
        completion.propagation().forEach((target, took) -> Timer.builder("imagemirror.propagation")
                .description("Time from a pushed tag's webhook event to the tag being on the target")
                .tag("registry", target.registry()).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofDays(1))
                .register(registry).record(took));
        completion.report().ifPresent(report -> bytesByRegistry(report).forEach((host, bytes) ->
                Counter.builder("imagemirror.copied").baseUnit("bytes")
                        .description("Blob bytes uploaded to target registries")
                        .tag("registry", host).register(registry).increment(bytes)));
    }

    /** A sync's uploaded bytes by target registry; targets on one registry add up. */
    static Map<String, Long> bytesByRegistry(SyncReport report) {
        Map<String, Long> out = new TreeMap<>();
        for (TargetReport target : report.targets()) {
            if (target.bytesCopied() > 0) {
                out.merge(target.repository().registry(), target.bytesCopied(), Long::sum);
            }
        }
        return out;
    }

    private PerMirror meters(MirrorRef mirror) {
        return mirrors.computeIfAbsent(mirror,
                m -> new PerMirror(Tags.of("namespace", m.namespace(), "name", m.name())));
    }

    /** The mirror was deleted: its meters go, so deleted mirrors do not linger in /metrics. */
    public void forget(MirrorRef mirror) {
        PerMirror meters = mirrors.remove(mirror);
        if (meters != null) {
            meters.meters.forEach(registry::remove);
        }
    }

    /** Meters that carry a mirror's name, removed with it so deleted mirrors do not linger in /metrics. */
    private final class PerMirror {
        final Tags tags;
        final AtomicLong ready = new AtomicLong();
        final AtomicLong suspended = new AtomicLong();
        final AtomicLong outOfSync = new AtomicLong();
        final AtomicLong lastSuccess = new AtomicLong();
        final AtomicLong schedulePeriod = new AtomicLong();
        final Set<Meter> meters = ConcurrentHashMap.newKeySet();
        private SyncCompletion counted;

        PerMirror(Tags tags) {
            this.tags = tags;
            gauge("imagemirror.ready", ready, null, "1 while the Ready condition is True");
            gauge("imagemirror.suspended", suspended, null, "1 while spec.suspend is true");
            gauge("imagemirror.tags.out.of.sync", outOfSync, null, "Tag copies that failed in the mirror's last sync");
            gauge("imagemirror.last.success.timestamp", lastSuccess, "seconds",
                    "status.lastSuccessfulSyncTime as Unix time; 0 before the first success");
            gauge("imagemirror.schedule.period", schedulePeriod, "seconds",
                    "Time between two consecutive runs of the mirror's schedule");
        }

        private void gauge(String name, AtomicLong value, String unit, String description) {
            remember(Gauge.builder(name, value, AtomicLong::get).baseUnit(unit).description(description).tags(tags)
                    .register(registry));
        }

        synchronized boolean firstTime(SyncCompletion completion) {
            boolean first = completion != counted;
            counted = completion;
            return first;
        }

        <M extends Meter> M remember(M meter) {
            meters.add(meter);
            return meter;
        }
    }
}
