package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/argocd/health-imagemirror.lua against ImageMirrors in each state the operator reports. */
class ArgoHealthCheckTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static Path argocd;
    private static LuaHealthCheck check;

    @BeforeAll
    static void load() throws Exception {
        argocd = RepoRoot.find().resolve("deploy/argocd");
        check = new LuaHealthCheck(Files.readString(argocd.resolve("health-imagemirror.lua")));
    }

    @SuppressWarnings("unchecked")
    private static LuaHealthCheck.Health health(String yaml) throws Exception {
        return check.evaluate(YAML.readValue(yaml, Map.class));
    }

    private static String mirror(String spec, String status) {
        return """
                apiVersion: mirror.hagicode.io/v1alpha1
                kind: ImageMirror
                metadata: {name: hagicode, namespace: mirrors, generation: 3}
                spec:
                  source: {repository: docker.io/newbe36524/hagicode}
                  targets: [{repository: hagicode.azurecr.io/hagicode}]
                %s
                %s
                """.formatted(spec, status);
    }

    private static String status(long observedGeneration, String conditions) {
        return "status:\n  observedGeneration: " + observedGeneration + "\n  conditions:\n" + conditions;
    }

    private static String condition(String type, String status, String reason, String message) {
        return "    - {type: " + type + ", status: '" + status + "', reason: " + reason + ", message: '" + message
                + "', lastTransitionTime: '2025-01-01T00:00:00Z'}\n";
    }

    @Test
    void readyIsHealthy() throws Exception {
        var health = health(mirror("", status(3, condition("Ready", "True", "Synced", "12 tags in sync on 2 targets")
                + condition("Syncing", "False", "Idle", ""))));

        assertThat(health).isEqualTo(new LuaHealthCheck.Health("Healthy", "Synced: 12 tags in sync on 2 targets"));
    }

    @Test
    void aRoutineSyncOfAHealthyMirrorStaysHealthy() throws Exception {
        var health = health(mirror("", status(3, condition("Ready", "True", "Synced", "12 tags in sync")
                + condition("Syncing", "True", "SyncStarted", "3/12 tags"))));

        assertThat(health.status()).isEqualTo("Healthy");
        assertThat(health.message()).contains("a scheduled sync is running").contains("3/12 tags");
    }

    @Test
    void aFirstSyncIsProgressing() throws Exception {
        var health = health(mirror("", status(3, condition("Syncing", "True", "SyncStarted", "5/12 tags, 80 MiB"))));

        assertThat(health).isEqualTo(new LuaHealthCheck.Health("Progressing", "SyncStarted: 5/12 tags, 80 MiB"));
    }

    @Test
    void aRetryAfterAFailureIsProgressing() throws Exception {
        var health = health(mirror("", status(3, condition("Ready", "False", "SyncFailed", "2 tags failed")
                + condition("Syncing", "True", "SyncStarted", "1/2 tags"))));

        assertThat(health.status()).isEqualTo("Progressing");
    }

    @Test
    void noStatusYetIsProgressing() throws Exception {
        assertThat(health(mirror("", "")).status()).isEqualTo("Progressing");
        assertThat(health(mirror("", "status: {}")).status()).isEqualTo("Progressing");
    }

    @Test
    void aSpecTheOperatorHasNotSeenIsProgressingEvenIfTheOldOneWasReady() throws Exception {
        var health = health(mirror("", status(2, condition("Ready", "True", "Synced", "in sync"))));

        assertThat(health).isEqualTo(new LuaHealthCheck.Health("Progressing",
                "Waiting for the operator to act on generation 3"));
    }

    @Test
    void failuresAreDegradedWithReasonAndMessage() throws Exception {
        for (String reason : new String[] {"SyncFailed", "PartiallySynced", "InvalidSpec", "CredentialsNotFound",
                "InvalidCredentials", "AuthenticationFailed", "SourceNotFound", "RateLimited"}) {
            var health = health(mirror("", status(3, condition("Ready", "False", reason, "see targets")
                    + condition("Syncing", "False", "Idle", ""))));
            assertThat(health).as(reason).isEqualTo(new LuaHealthCheck.Health("Degraded", reason + ": see targets"));
        }
    }

    @Test
    void suspendedMirrorsAreSuspended() throws Exception {
        assertThat(health(mirror("  suspend: true", status(3, condition("Ready", "True", "Synced", "in sync"))))
                .status()).isEqualTo("Suspended");
        assertThat(health(mirror("  suspend: true", "")).status()).as("even before any status").isEqualTo("Suspended");
        assertThat(health(mirror("  suspend: false", status(3, condition("Ready", "False", "Suspended", "suspended"))))
                .status()).as("the operator's own Suspended reason").isEqualTo("Suspended");
        assertThat(health(mirror("  suspend: false", status(3, condition("Ready", "True", "Synced", "ok")))).status())
                .isEqualTo("Healthy");
    }

    @Test
    void anUnknownReadyConditionIsProgressing() throws Exception {
        assertThat(health(mirror("", status(3, condition("Ready", "Unknown", "Pending", "")))).status())
                .isEqualTo("Progressing");
    }

    @Test
    void theArgocdCmSnippetCarriesTheSameScript() throws Exception {
        Map<?, ?> configMap = YAML.readValue(argocd.resolve("argocd-cm-health.yaml").toFile(), Map.class);
        assertThat(Yaml.str(configMap, "metadata", "name")).isEqualTo("argocd-cm");
        assertThat(Yaml.str(configMap, "data", "resource.customizations.health.mirror.hagicode.io_ImageMirror"))
                .as("the Lua in argocd-cm-health.yaml must equal health-imagemirror.lua")
                .isEqualTo(Files.readString(argocd.resolve("health-imagemirror.lua")));
    }
}
