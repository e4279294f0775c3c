package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SecretReference;
import io.hagicode.imagemirror.api.TargetStatus;
import io.hagicode.imagemirror.api.WebhookSpec;
import io.hagicode.imagemirror.app.job.RegistrySyncEngine;
import io.hagicode.imagemirror.app.operator.webhook.HookPath;
import io.hagicode.imagemirror.app.operator.webhook.WebhookSettings;
import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.RequestObserver;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncEngine;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TransferLimits;
import io.hagicode.imagemirror.testkit.CopyOption;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImage;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.ImageSpec;
import io.hagicode.imagemirror.testkit.OciLayoutWriter;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event-driven mirroring end to end on loopback: a real Distribution registry whose {@code notifications.endpoints}
 * point at the operator's receiver, the operator in-process on the mock API server with the real engine, two real
 * target registries, pushes made with skopeo. The mirror's schedule is yearly, so any sync after the first is the
 * webhook's.
 */
class WebhookRegistryTest {
    private static final String NS = "team";
    private static final String NAME = "app";
    private static final String TOKEN = "loopback-token-0123456789";
    private static final String ACCEPT = String.join(",", "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    @Test
    void aMultiArchPushNotifiedByDistributionIsOnBothTargetsWithinSecondsInOneSync() {
        DistributionRegistry.assumeInstalled();
        Skopeo.assumeInstalled();
        RecordingEngine engine = new RecordingEngine();
        try (OperatorHarness h = OperatorHarness.withWebhooks(engine, Duration.ofMillis(300),
                Optional.of(Clock.systemUTC()));
             DistributionRegistry source = DistributionRegistry.builder()
                     .notifyTo(h.webhookUrl() + HookPath.of(TOKEN, NS, NAME)).start();
             DistributionRegistry a = DistributionRegistry.plain();
             DistributionRegistry b = DistributionRegistry.plain()) {
            FixtureImages.pushDockerImage(source, "team/app", "1.0.0", 1);
            startMirror(h, source, a, b);

            Instant pushed = Instant.now();
            FixtureImages.pushMultiArchOciIndex(source, "team/app", "2.0.0", 2);

            Skopeo skopeo = new Skopeo();
            String digest = skopeo.inspectRawDigest(source, "team/app:2.0.0");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> present(a, "2.0.0") && present(b, "2.0.0"));
            Duration took = Duration.between(pushed, Instant.now());
            assertThat(skopeo.inspectRawDigest(a, "mirror/app:2.0.0")).isEqualTo(digest);
            assertThat(skopeo.inspectRawDigest(b, "mirror/app:2.0.0")).isEqualTo(digest);
            ImageMirrorStatus status = h.awaitStatus(NS, NAME, s -> !OperatorHarness.syncing(s)
                    && s.getTargets().stream().allMatch(t -> t.getLastPropagationSeconds() != null)).getStatus();
            assertThat(Instant.parse(status.getNextSyncTime())).as("the schedule's next run")
                    .isAfter(Instant.now().plus(Duration.ofDays(1)));
            assertThat(took).as("push to present on both targets").isLessThan(Duration.ofSeconds(20));
            assertThat(status.getTargets()).extracting(TargetStatus::getLastPropagationSeconds)
                    .allSatisfy(s -> assertThat(s).isBetween(0.0, 20.0));
            assertThat(status.getLastEvent().getTag()).isEqualTo("2.0.0");
            assertThat(status.getLastEvent().getSender()).isEqualTo("distribution");
            assertThat(h.registry.scrape()).contains("imagemirror_propagation_seconds_count{registry=\""
                    + a.hostPort() + "\"}");

            // A later push is the barrier: by the time it has synced, any second sync of 2.0.0 would have run.
            FixtureImages.pushDockerImage(source, "team/app", "2.1.0", 3);
            await().atMost(Duration.ofSeconds(20)).until(() -> present(a, "2.1.0") && present(b, "2.1.0"));
            assertThat(engine.targeted().stream().filter(t -> t.contains("2.0.0")).count())
                    .as("targeted syncs of 2.0.0 among %s", engine.targeted()).isEqualTo(1);
            // 1.0.0's push was notified before the mirror existed: answered 404, and Distribution retries a failed
            // delivery until it succeeds, so it comes back (alone, or coalesced with another pending push) as a
            // targeted sync of a tag already up to date. Nothing else is ever asked for.
            assertThat(engine.targeted()).allSatisfy(tags -> assertThat(tags).isSubsetOf("1.0.0", "2.0.0", "2.1.0"));
            assertThat(engine.fullSyncs()).as("full syncs: the first only").isEqualTo(1);
        }
    }

    /**
     * The figure for docs/choosing-a-mirror-source.md: from skopeo's push returning to the tag answering a manifest
     * HEAD on both targets, over 20 pushes, one at a time. Prints, asserts only that every push arrived.
     */
    @Test
    void pushToPullDelayOverTwentyPushes(@TempDir Path dir) {
        DistributionRegistry.assumeInstalled();
        Skopeo.assumeInstalled();
        RecordingEngine engine = new RecordingEngine();
        try (OperatorHarness h = OperatorHarness.withWebhooks(engine, WebhookSettings.DEFAULT_COALESCE_WINDOW,
                Optional.of(Clock.systemUTC()));
             DistributionRegistry source = DistributionRegistry.builder()
                     .notifyTo(h.webhookUrl() + HookPath.of(TOKEN, NS, NAME)).start();
             DistributionRegistry a = DistributionRegistry.plain();
             DistributionRegistry b = DistributionRegistry.plain()) {
            FixtureImages.pushDockerImage(source, "team/app", "1.0.0", 1);
            startMirror(h, source, a, b);
            List<Long> millis = new ArrayList<>();
            List<Double> recorded = new ArrayList<>();
            OciLayoutWriter layout = new OciLayoutWriter(dir);
            Skopeo skopeo = new Skopeo();
            for (int i = 1; i <= 20; i++) {
                String tag = "3.0." + i;
                layout.write(tag, FixtureImage.single(ImageSpec.seeded("linux/amd64", 100 + i)));
                skopeo.copy(layout.image(tag), source.image("team/app:" + tag), CopyOption.FORMAT_V2S2);
                long pushed = System.nanoTime();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                        .until(() -> present(a, tag) && present(b, tag));
                millis.add((System.nanoTime() - pushed) / 1_000_000);
                ImageMirrorStatus status = h.awaitStatus(NS, NAME, s -> s.getLastEvent() != null
                        && tag.equals(s.getLastEvent().getTag()) && !OperatorHarness.syncing(s)).getStatus();
                status.getTargets().forEach(t -> recorded.add(t.getLastPropagationSeconds()));
            }
            assertThat(millis).hasSize(20);
            List<Long> sorted = millis.stream().sorted().toList();
            List<Double> sortedRecorded = recorded.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "push-to-pull delay on loopback over %d pushes (2 targets, coalesce window "
                            + WebhookSettings.DEFAULT_COALESCE_WINDOW.toMillis() + " ms): p50 %d ms, p95 %d ms, max %d ms; status lastPropagationSeconds p50 %.1f s, "
                            + "p95 %.1f s%n", sorted.size(), percentile(sorted, 50), percentile(sorted, 95),
                    sorted.get(sorted.size() - 1), percentile(sortedRecorded, 50), percentile(sortedRecorded, 95));
        }
    }

    private static <T> T percentile(List<T> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static void startMirror(OperatorHarness h, DistributionRegistry source, DistributionRegistry a,
                                    DistributionRegistry b) {
        h.client.resource(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("hook").endMetadata()
                .withData(Map.of(WebhookSpec.TOKEN_KEY, Base64.getEncoder().encodeToString(
                        TOKEN.getBytes(StandardCharsets.UTF_8)))).build()).create();
        ImageMirror resource = mirror(NS, NAME, new RepositorySpec(source.hostPort() + "/team/app", null, true),
                new RepositorySpec(a.hostPort() + "/mirror/app", null, true),
                new RepositorySpec(b.hostPort() + "/mirror/app", null, true));
        resource.getSpec().setSchedule("0 0 1 1 *");
        resource.getSpec().setWebhook(new WebhookSpec(new SecretReference("hook")));
        h.create(resource);
        h.awaitStatus(NS, NAME, s -> s.getWebhookPath() != null && s.getLastSyncTime() != null
                && !OperatorHarness.syncing(s));
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static boolean present(DistributionRegistry registry, String tag) throws IOException, InterruptedException {
        HttpRequest head = HttpRequest.newBuilder(URI.create(registry.registryUrl() + "/v2/mirror/app/manifests/" + tag))
                .header("Accept", ACCEPT).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(head, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** The real engine, with a record of what each sync was asked for. */
    private static final class RecordingEngine implements SyncEngine {
        private final SyncEngine real = new RegistrySyncEngine(ClientOptions.defaults(), TransferLimits.of(32, 16),
                RequestObserver.NONE);
        private final List<MirrorJob> jobs = new CopyOnWriteArrayList<>();

        @Override
        public SyncReport sync(MirrorJob job, SyncListener listener) throws InterruptedException {
            jobs.add(job);
            return real.sync(job, listener);
        }

        @Override
        public SyncReport plan(MirrorJob job) throws InterruptedException {
            return real.plan(job);
        }

        List<List<String>> targeted() {
            return jobs.stream().filter(MirrorJob::targeted).map(MirrorJob::requestedTags).toList();
        }

        long fullSyncs() {
            return jobs.stream().filter(j -> !j.targeted()).count();
        }
    }
}
