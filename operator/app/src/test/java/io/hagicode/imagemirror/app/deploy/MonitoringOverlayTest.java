package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code kubectl kustomize deploy/overlays/monitoring}: the default install plus the monitoring component. */
class MonitoringOverlayTest {
    /** The per-mirror series the rules are written against; the operator must export them under these names. */
    static final Set<String> RULE_METRICS = Set.of("imagemirror_ready", "imagemirror_suspended",
            "imagemirror_last_success_timestamp_seconds", "imagemirror_schedule_period_seconds");

    private static Manifests rendered;

    @BeforeAll
    static void render() {
        rendered = Kustomize.render(RepoRoot.find().resolve("deploy/overlays/monitoring"));
    }

    private static Map<String, Object> rule(String alert) {
        return Yaml.list(rendered.one("PrometheusRule"), "spec", "groups", 0, "rules").stream()
                .filter(r -> alert.equals(Yaml.str(r, "alert"))).map(Yaml::map).findFirst()
                .orElseThrow(() -> new AssertionError("no alert " + alert));
    }

    @Test
    void theServiceMonitorScrapesTheMetricsServiceKeepingTheMirrorsNamespaceLabel() {
        Map<String, Object> monitor = rendered.one("ServiceMonitor");
        Map<String, Object> service = rendered.one("Service");
        assertThat(Yaml.map(service, "metadata", "labels"))
                .containsAllEntriesOf(Yaml.map(monitor, "spec", "selector", "matchLabels"));
        assertThat(Yaml.list(monitor, "spec", "endpoints")).singleElement().satisfies(e -> {
            assertThat(Yaml.str(e, "port")).isEqualTo(Yaml.str(service, "spec", "ports", 0, "name"));
            assertThat(Yaml.str(e, "path")).isEqualTo("/metrics");
            assertThat(Yaml.at(e, "honorLabels")).isEqualTo(true);
        });
        assertThat(Yaml.str(monitor, "metadata", "namespace")).isEqualTo(DefaultInstallTest.NAMESPACE);
    }

    @Test
    void notReadyAlertsAfterTheConfiguredTimeAndSparesSuspendedMirrors() {
        Map<String, Object> notReady = rule("ImageMirrorNotReady");
        assertThat(Yaml.str(notReady, "for")).isEqualTo("1h");
        assertThat(Yaml.str(notReady, "expr")).contains("imagemirror_ready) == 0")
                .contains("unless on (namespace, name)").contains("imagemirror_suspended) == 1");
    }

    @Test
    void staleAlertsWhenTheLastSuccessIsOlderThanTwoSchedulePeriods() {
        String expr = Yaml.str(rule("ImageMirrorSyncStale"), "expr");
        assertThat(expr).containsPattern("time\\(\\) - max by \\(namespace, name\\) \\("
                + "imagemirror_last_success_timestamp_seconds > 0\\)\\)\\s*> 2 \\* max by \\(namespace, name\\) \\("
                + "imagemirror_schedule_period_seconds\\)");
        assertThat(expr).contains("imagemirror_suspended");
    }

    @Test
    void theRulesUseOnlyTheDocumentedOperatorMetrics() {
        Set<String> used = new TreeSet<>();
        for (Object rule : Yaml.list(rendered.one("PrometheusRule"), "spec", "groups", 0, "rules")) {
            Matcher m = Pattern.compile("\\bimagemirror_[a-z_]+").matcher(Yaml.str(rule, "expr"));
            while (m.find()) {
                used.add(m.group());
            }
        }
        assertThat(used).isEqualTo(RULE_METRICS);
    }

    @Test
    void everyAlertHasASeverityAndASummary() {
        List<Object> rules = Yaml.list(rendered.one("PrometheusRule"), "spec", "groups", 0, "rules");
        assertThat(rules).extracting(r -> Yaml.str(r, "alert"))
                .containsExactly("ImageMirrorNotReady", "ImageMirrorSyncStale", "ImageMirrorOperatorDown");
        assertThat(rules).allSatisfy(r -> {
            assertThat(Yaml.str(r, "labels", "severity")).isNotBlank();
            assertThat(Yaml.str(r, "annotations", "summary")).isNotBlank();
            assertThat(Yaml.str(r, "for")).isNotBlank();
        });
    }

    @Test
    void theOperatorDownAlertWatchesTheJobTheServiceMonitorCreates() {
        // The Prometheus Operator names the job after the Service.
        String service = Yaml.str(rendered.one("Service"), "metadata", "name");
        assertThat(Yaml.str(rule("ImageMirrorOperatorDown"), "expr")).contains("job=\"" + service + "\"");
    }
}
