package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {
    private static final MirrorRef MIRROR = new MirrorRef("team", "app", "uid-1");
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OperatorMetrics metrics = new OperatorMetrics(registry);

    @Test
    void registryRequestsAreCountedByRegistryMethodAndStatusWith429sApart() {
        metrics.requestObserver().onResponse("registry-1.docker.io", "HEAD", 200, 1_000_000);
        metrics.requestObserver().onResponse("registry-1.docker.io", "HEAD", 200, 1_000_000);
        metrics.requestObserver().onResponse("registry-1.docker.io", "GET", 429, 1_000_000);
        metrics.requestObserver().onResponse("hagicode.azurecr.io", "PUT", 0, 1_000_000);

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("imagemirror_registry_requests_total{method=\"HEAD\",registry=\"registry-1.docker.io\",status=\"200\"} 2.0")
                .contains("imagemirror_registry_requests_total{method=\"GET\",registry=\"registry-1.docker.io\",status=\"429\"} 1.0")
                .contains("imagemirror_registry_requests_total{method=\"PUT\",registry=\"hagicode.azurecr.io\",status=\"0\"} 1.0")
                .contains("imagemirror_registry_rate_limited_total{registry=\"registry-1.docker.io\"} 1.0")
                .doesNotContain("imagemirror_registry_rate_limited_total{registry=\"hagicode.azurecr.io\"}");
    }

    @Test
    void aRecordedSyncIsTimedOnceAndItsBytesAreCountedPerTargetRegistry() {
        Repository acr = Repository.parse("hagicode.azurecr.io/hagicode");
        Repository aliyun = Repository.parse("registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode");
        Repository acr2 = Repository.parse("hagicode.azurecr.io/other");
        SyncReport report = new SyncReport("team/app", Repository.parse("docker.io/team/app"), List.of("1", "2"),
                List.of(new TargetReport(acr, List.of(copied("1"), copied("2")), 2000),
                        new TargetReport(aliyun, List.of(copied("1"), upToDate("2")), 1000),
                        new TargetReport(acr2, List.of(copied("1"), copied("2")), 2000)),
                new SyncTotals(5, 0, 0, 5000, 2000, 5, Duration.ofSeconds(1)), null, null);
        SyncCompletion completion = new SyncCompletion(MIRROR, 1, T0, T0.plusSeconds(1),
                Optional.of(report), SyncVerdict.of(report));

        metrics.record(MIRROR, new ImageMirrorStatus(), false, Optional.empty(), Optional.of(completion));
        // The next reconcile records the same completion again when the status patch of this one failed.
        metrics.record(MIRROR, new ImageMirrorStatus(), false, Optional.empty(), Optional.of(completion));

        assertThat(registry.scrape())
                .contains("imagemirror_copied_bytes_total{registry=\"hagicode.azurecr.io\"} 4000.0")
                .contains("imagemirror_copied_bytes_total{registry=\"registry.cn-hangzhou.aliyuncs.com\"} 1000.0")
                .contains("imagemirror_sync_duration_seconds_count{name=\"app\",namespace=\"team\","
                        + "result=\"Synced\"} 1");
    }

    @Test
    void aDeletedMirrorsMetersGoAndOthersStay() {
        MirrorRef other = new MirrorRef("team", "other", "uid-2");
        metrics.record(MIRROR, new ImageMirrorStatus(), true, Optional.of(Duration.ofDays(1)), Optional.empty());
        metrics.record(other, new ImageMirrorStatus(), false, Optional.empty(), Optional.empty());
        assertThat(registry.scrape()).contains("imagemirror_suspended{name=\"app\",namespace=\"team\"} 1.0");

        metrics.forget(MIRROR);

        assertThat(registry.scrape()).doesNotContain("name=\"app\"")
                .contains("imagemirror_suspended{name=\"other\",namespace=\"team\"} 0.0");
    }

    private static TagOutcome copied(String tag) {
        return TagOutcome.of(tag, TagState.COPIED, "sha256:" + "c".repeat(64));
    }

    private static TagOutcome upToDate(String tag) {
        return TagOutcome.of(tag, TagState.UP_TO_DATE, "sha256:" + "c".repeat(64));
    }
}
