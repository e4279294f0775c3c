package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static io.hagicode.imagemirror.app.operator.Mirrors.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.SecretReference;
import io.hagicode.imagemirror.api.TagFilterSpec;
import io.hagicode.imagemirror.api.TargetStatus;
import io.hagicode.imagemirror.api.WebhookSpec;
import io.hagicode.imagemirror.app.operator.webhook.HookPath;
import io.hagicode.imagemirror.sync.MirrorJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The webhook receiver in the running operator (mock API server, fake engine): each sender's sample payload (see
 * src/test/resources/webhooks/README.md) sent as its sender would, and what must not sync anything. "Nothing synced"
 * is checked after a later good event for the same mirror has synced, so the bad one had every chance to.
 */
class WebhookOperatorTest {
    private static final String NS = "team";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static FakeSyncEngine engine;
    private static OperatorHarness h;

    @BeforeAll
    static void start() {
        engine = new FakeSyncEngine();
        h = OperatorHarness.withWebhooks(engine, Duration.ZERO, Optional.empty());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "distribution-push.json, distribution, registry.example.com:5000/team/app, application/vnd.docker.distribution.events.v1+json",
            "dockerhub-push.json, dockerhub, hagicode/app, application/json",
            "acr-push.json, acr, myregistry.azurecr.io/hagicode/app, application/json",
            "harbor-push-artifact.json, harbor, harbor.example.com/library/app, application/json",
            "github-registry-package.json, github, ghcr.io/hagicode/app, application/json",
            "generic.json, generic, registry.example.com/team/app, application/json"})
    void eachSendersPushSyncsThePushedTagToEveryTarget(String sample, String sender, String source,
                                                      String contentType) {
        String name = "fmt-" + sender;
        String path = hookedMirror(name, source, null);
        String body = sample(sample);
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", contentType));
        if (sender.equals("github")) {
            headers.put("X-GitHub-Event", "registry_package");
            headers.put("X-Hub-Signature-256", sign(body, token(name)));
        }

        HttpResponse<String> response = post(path, body, headers);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("1.4.0");
        await().atMost(OperatorHarness.WAIT).until(() -> targetedJobs(name).size() == 1);
        assertThat(targetedJobs(name).get(0).requestedTags()).containsExactly("1.4.0");
        assertThat(targetedJobs(name).get(0).targets()).hasSize(2);
        ImageMirrorStatus status = h.awaitStatus(NS, name, s -> s.getLastEvent() != null && !OperatorHarness.syncing(s)
                && s.getTargets().stream().allMatch(t -> t.getLastPropagationSeconds() != null)).getStatus();
        assertThat(status.getLastEvent().getTag()).isEqualTo("1.4.0");
        assertThat(status.getLastEvent().getSender()).isEqualTo(sender);
        assertThat(status.getTargets()).extracting(TargetStatus::getLastPropagationSeconds)
                .allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(0.0));
        assertThat(status.getTargets()).extracting(TargetStatus::getTagsInSync).as("counts of the last full sync")
                .containsOnly(3);
        assertThat(status.getSelectedTags()).isEqualTo(3);
    }

    @Test
    void aGitHubEventWithAWrongOrMissingSignatureIs401AndSyncsNothing() {
        String name = "gh-hmac";
        String path = hookedMirror(name, "ghcr.io/hagicode/app", null);
        String body = sample("github-registry-package.json");

        HttpResponse<String> wrong = post(path, body, Map.of("X-GitHub-Event", "registry_package",
                "X-Hub-Signature-256", sign(body, "not-the-token-of-this-mirror")));
        HttpResponse<String> missing = post(path, body, Map.of("X-GitHub-Event", "registry_package"));
        HttpResponse<String> tampered = post(path, body.replace("1.4.0", "6.6.6"), Map.of(
                "X-GitHub-Event", "registry_package", "X-Hub-Signature-256", sign(body, token(name))));

        assertThat(List.of(wrong.statusCode(), missing.statusCode(), tampered.statusCode())).containsOnly(401);
        assertThat(wrong.body() + missing.body() + tampered.body()).doesNotContain(token(name));
        assertThat(h.registry.scrape()).contains("imagemirror_webhook_requests_total{sender=\"github\",status=\"401\"}");
        post(path, body, Map.of("X-GitHub-Event", "registry_package", "X-Hub-Signature-256", sign(body, token(name))));
        assertOnlyTargetedSyncs(name, List.of("1.4.0"));
    }

    @Test
    void aGenericEventWithASignatureMustVerify() {
        String name = "generic-hmac";
        String path = hookedMirror(name, "registry.example.com/team/app", null);
        String bad = "{\"repository\": \"registry.example.com/team/app\", \"tag\": \"6.6.6\"}";
        String good = "{\"repository\": \"registry.example.com/team/app\", \"tag\": \"2.0.0\"}";

        assertThat(post(path, bad, Map.of("X-Signature", sign(bad, "wrong-key-wrong-key"))).statusCode())
                .isEqualTo(401);
        assertThat(post(path, good, Map.of("X-Signature", sign(good, token(name)))).statusCode()).isEqualTo(202);
        assertOnlyTargetedSyncs(name, List.of("2.0.0"));
    }

    @Test
    void aPathFromAWrongTokenIs404AndSyncsNothing() {
        String name = "wrong-token";
        String path = hookedMirror(name, "registry.example.com/team/app", null);

        HttpResponse<String> response = post(HookPath.of("a-guessed-token-of-16+", NS, name), generic("6.6.6"),
                Map.of());

        assertThat(response.statusCode()).isEqualTo(404);
        post(path, generic("2.0.0"), Map.of());
        assertOnlyTargetedSyncs(name, List.of("2.0.0"));
    }

    @Test
    void hostileBodiesGetAClear4xxAndSyncNothing() {
        String name = "hostile";
        String path = hookedMirror(name, "registry.example.com/team/app", null);
        String padding = "x".repeat(1024 * 1024);

        HttpResponse<String> oversized = post(path, "{\"repository\": \"registry.example.com/team/app\", \"tag\": "
                + "\"6.6.6\", \"pad\": \"" + padding + "\"}", Map.of());
        HttpResponse<String> notJson = post(path, "{\"repository\": ", Map.of());
        HttpResponse<String> unknown = post(path, "{\"hello\": \"world\"}", Map.of());
        HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(h.webhookUrl() + path)).GET().build());

        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("not valid JSON");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown event format");
        assertThat(get.statusCode()).isEqualTo(405);
        post(path, generic("2.0.0"), Map.of());
        assertOnlyTargetedSyncs(name, List.of("2.0.0"));
    }

    @Test
    void eventsForAnotherRepositoryPullsDeletesAndFilteredTagsAreAcknowledgedAndIgnored() {
        String name = "ignored";
        TagFilterSpec releases = new TagFilterSpec();
        releases.setInclude(new ArrayList<>(List.of("\\d+\\.\\d+\\.\\d+", "1\\..*")));
        String path = hookedMirror(name, "registry.example.com/team/app", releases);

        List<HttpResponse<String>> responses = List.of(
                post(path, "{\"repository\": \"registry.example.com/team/other\", \"tag\": \"2.0.0\"}", Map.of()),
                post(path, "{\"repository\": \"elsewhere.example.com/team/app\", \"tag\": \"2.0.0\"}", Map.of()),
                post(path, generic("nightly"), Map.of()),
                post(path, sample("harbor-pull-artifact.json"), Map.of()),
                post(path, sample("acr-delete.json"), Map.of()));

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.body()).contains("ignored");
        });
        post(path, generic("2.0.0"), Map.of());
        assertOnlyTargetedSyncs(name, List.of("2.0.0"));
    }

    @Test
    void aPushedSignatureTagIsAcceptedWhateverTheTagFilterSays() {
        String name = "signed";
        TagFilterSpec releases = new TagFilterSpec();
        releases.setInclude(new ArrayList<>(List.of("\\d+\\.\\d+\\.\\d+")));
        String path = hookedMirror(name, "registry.example.com/team/app", releases);
        String sigTag = "sha256-" + "a".repeat(64) + ".sig";

        HttpResponse<String> response = post(path, generic(sigTag), Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("accepted");
        assertOnlyTargetedSyncs(name, List.of(sigTag));
    }

    @Test
    void aFloodIsRateLimitedPerPath() {
        String name = "flood";
        String path = hookedMirror(name, "registry.example.com/team/app", null);
        String other = "{\"repository\": \"registry.example.com/team/other\", \"tag\": \"2.0.0\"}";

        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            codes.add(post(path, other, Map.of()).statusCode());
        }

        assertThat(codes).containsOnly(202, 429);
        assertThat(codes.stream().filter(c -> c == 429).count()).as("answered 429").isGreaterThan(100);
        assertThat(targetedJobs(name)).isEmpty();
        assertThat(h.registry.scrape()).contains("imagemirror_webhook_requests_total{sender=\"unknown\",status=\"429\"}")
                .contains("imagemirror_webhook_requests_total{sender=\"generic\",status=\"202\"}");
    }

    @Test
    void pushesDuringARunningSyncAreQueuedAndCoalescedIntoTheNextSync() {
        String name = "queued";
        String path = hookedMirror(name, "registry.example.com/team/app", null);
        engine.hold();
        try {
            post(path, generic("2.0.0"), Map.of());
            await().atMost(OperatorHarness.WAIT).until(() -> targetedJobs(name).size() == 1);
            post(path, generic("2.1.0"), Map.of());
            post(path, generic("2.2.0"), Map.of());
            post(path, generic("2.1.0"), Map.of());
        } finally {
            engine.release();
        }
        // Normally one next sync takes both (seen in most runs); on a heavily loaded machine a sync was once seen to
        // start between two of the posts, and a push that arrives after a sync began goes into the one after it.
        // Either way no push is lost.
        await().atMost(OperatorHarness.WAIT).until(() -> targetedJobs(name).stream().skip(1)
                .flatMap(j -> j.requestedTags().stream()).distinct().count() == 2);
        h.awaitStatus(NS, name, s -> !OperatorHarness.syncing(s) && "2.1.0".equals(
                Optional.ofNullable(s.getLastEvent()).map(e -> e.getTag()).orElse(null)));
        assertThat(targetedJobs(name).stream().skip(1).flatMap(j -> j.requestedTags().stream()).distinct())
                .as("the pushes made while the first sync ran (syncs interrupted: %d)", engine.interruptions())
                .containsExactlyInAnyOrder("2.1.0", "2.2.0");
        assertThat(targetedJobs(name)).as("one sync per post at most").hasSizeBetween(2, 4);
    }

    /** A Secret with a token and a mirror that receives webhooks; waits until its first sync and its path. */
    private static String hookedMirror(String name, String source, TagFilterSpec tags) {
        Secret secret = new SecretBuilder().withNewMetadata().withNamespace(NS).withName(name + "-webhook")
                .endMetadata().withData(Map.of(WebhookSpec.TOKEN_KEY, Base64.getEncoder()
                        .encodeToString(token(name).getBytes(StandardCharsets.UTF_8)))).build();
        h.client.resource(secret).create();
        ImageMirror mirror = mirror(NS, name, repo(source), repo("mirror.example.net/a/" + name),
                repo("mirror.example.org/b/" + name));
        mirror.getSpec().setSchedule("0 0 1 1 *");
        mirror.getSpec().setTags(tags);
        mirror.getSpec().setWebhook(new WebhookSpec(new SecretReference(name + "-webhook")));
        h.create(mirror);
        String path = HookPath.of(token(name), NS, name);
        h.awaitStatus(NS, name, s -> path.equals(s.getWebhookPath()) && s.getLastSyncTime() != null
                && !OperatorHarness.syncing(s));
        return path;
    }

    private static String token(String name) {
        return "tok-" + name + "-0123456789abcdef";
    }

    private static List<MirrorJob> targetedJobs(String name) {
        return engine.jobs().stream().filter(j -> j.name().equals(NS + "/" + name) && j.targeted()).toList();
    }

    private static void assertOnlyTargetedSyncs(String name, List<String> tags) {
        await().atMost(OperatorHarness.WAIT).until(() -> !targetedJobs(name).isEmpty());
        assertThat(targetedJobs(name)).extracting(MirrorJob::requestedTags).containsExactly(tags);
    }

    private static String generic(String tag) {
        return "{\"repository\": \"registry.example.com/team/app\", \"tag\": \"" + tag + "\"}";
    }

    private static String sample(String file) {
        try (InputStream in = WebhookOperatorTest.class.getResourceAsStream("/webhooks/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What GitHub puts in X-Hub-Signature-256, computed here independently of the receiver's code. */
    static String sign(String body, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(h.webhookUrl() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
