package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.app.operator.MirrorRef;
import io.hagicode.imagemirror.app.operator.OperatorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The PrometheusRule in deploy/components/monitoring names metrics and labels that the operator exports through
 * Micrometer. This scrapes the operator's real metrics, as Prometheus would, so that renaming a meter or a tag on one
 * side breaks the build instead of silencing an alert.
 */
class OperatorMetricsContractTest {

    private static String scrapeAfterOneObservation() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperatorMetrics metrics = new OperatorMetrics(registry);
        ImageMirrorStatus status = new ImageMirrorStatus();
        status.setLastSuccessfulSyncTime("2026-11-27T00:00:05Z");
        metrics.record(new MirrorRef("team-a", "hagicode", "uid-1"), status, false, Optional.of(Duration.ofDays(1)),
                Optional.empty());
        return registry.scrape();
    }

    @Test
    void everyMetricTheRulesUseIsExportedPerMirrorWithNamespaceAndName() {
        String scrape = scrapeAfterOneObservation();
        for (String metric : MonitoringOverlayTest.RULE_METRICS) {
            Pattern series = Pattern.compile("(?m)^" + metric + "\\{[^}]*namespace=\"team-a\"[^}]*\\} ");
            Pattern byName = Pattern.compile("(?m)^" + metric + "\\{[^}]*name=\"hagicode\"[^}]*\\} ");
            assertThat(scrape).as("the operator exports %s per mirror", metric).containsPattern(series)
                    .containsPattern(byName);
        }
    }

    @Test
    void theStaleAlertsInputsAreInSeconds() {
        String scrape = scrapeAfterOneObservation();
        List<String> lines = scrape.lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).anyMatch(l -> l.startsWith("imagemirror_schedule_period_seconds{") && l.endsWith(" 86400.0"));
        assertThat(lines).anyMatch(l -> l.startsWith("imagemirror_last_success_timestamp_seconds{")
                && l.endsWith(" 1.795737605E9"));
    }
}
