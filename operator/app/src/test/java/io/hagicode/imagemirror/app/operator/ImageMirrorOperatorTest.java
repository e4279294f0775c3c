package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.basicAuth;
import static io.hagicode.imagemirror.app.operator.Mirrors.b64;
import static io.hagicode.imagemirror.app.operator.Mirrors.dockerConfig;
import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static io.hagicode.imagemirror.app.operator.Mirrors.repo;
import static io.hagicode.imagemirror.app.operator.OperatorHarness.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.TagFilterSpec;
import io.hagicode.imagemirror.api.TargetStatus;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.sync.AnonymousPullCheck;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator in-process against fabric8's CRUD mock API server, with a fake engine the test controls. Each test
 * plays what a user does: apply Secrets and ImageMirrors, edit, annotate, suspend, delete; and reads back what
 * {@code kubectl} would show: status, conditions and Events.
 */
class ImageMirrorOperatorTest {
    private static final String NS = "team";
    private static final String SOURCE = "docker.io/newbe36524/hagicode";
    private static final String TARGET = "registry.example.com/mirror/hagicode";
    private static final String PASSWORD = "pa55-w0rd-never-shown";
    private static final String ACR_TARGET = "hagicode.azurecr.io/hagicode";

    private final FakeSyncEngine engine = new FakeSyncEngine();
    private OperatorHarness h;

    @BeforeEach
    void start() {
        h = OperatorHarness.start(engine);
    }

    @AfterEach
    void stop() {
        engine.release();
        h.close();
    }

    @Test
    void aSecretAndAMirrorBecomeReadyWithCounts() {
        h.client.resource(basicAuth(NS, "target-creds", "robot", PASSWORD)).create();
        h.create(mirror(NS, "app", repo(SOURCE), repo(TARGET, "target-creds")));

        ImageMirrorStatus status = h.awaitReady(NS, "app", "Synced").getStatus();

        assertThat(ready(status).orElseThrow().getStatus()).isEqualTo("True");
        assertThat(ready(status).orElseThrow().getMessage()).isEqualTo("3 tags in sync on 1 target");
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getSelectedTags()).isEqualTo(3);
        assertThat(status.getTargetCount()).isEqualTo(1);
        assertThat(status.getLastSyncTime()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(status.getLastSuccessfulSyncTime()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(status.getNextSyncTime()).isEqualTo("2025-03-02T00:00:00Z");
        TargetStatus target = status.getTargets().get(0);
        assertThat(target.getRepository()).isEqualTo(TARGET);
        assertThat(target.getTagsInSync()).isEqualTo(3);
        assertThat(target.getTagsFailed()).isZero();
        assertThat(target.getPullReference()).isEqualTo(TARGET + ":1.1.0");
        assertThat(status.getLastSync().getTagsCopied()).isEqualTo(3);
        assertThat(status.getLastSync().getBytesCopied()).isEqualTo(3 * 1024L);

        MirrorJob job = engine.jobs().get(0);
        assertThat(job.name()).isEqualTo("team/app");
        assertThat(job.source().credentials()).isEqualTo(Credentials.ANONYMOUS);
        assertThat(job.targets().get(0).credentials()).isEqualTo(Credentials.basic("robot", PASSWORD));
        await().atMost(OperatorHarness.WAIT).until(() -> h.events(NS, MirrorEvents.SYNC_SUCCEEDED).size() == 1);
        assertThat(h.events(NS, MirrorEvents.SYNC_STARTED)).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("first sync"));
        assertThat(engine.jobs()).hasSize(1);
    }

    @Test
    void aSpecChangeStartsANewSync() {
        h.create(mirror(NS, "app", repo(SOURCE), repo(TARGET)));
        h.awaitReady(NS, "app", "Synced");

        h.edit(NS, "app", m -> {
            TagFilterSpec tags = new TagFilterSpec();
            tags.setInclude(List.of("1\\..*"));
            m.getSpec().setTags(tags);
            return m;
        });

        ImageMirrorStatus status = h.awaitStatus(NS, "app", s -> Long.valueOf(2).equals(s.getObservedGeneration())
                && !OperatorHarness.syncing(s) && ready(s).map(c -> c.getObservedGeneration() == 2L).orElse(false))
                .getStatus();
        assertThat(engine.jobs()).hasSize(2);
        assertThat(engine.jobs().get(1).tagFilter().select(List.of("1.0.0", "latest"))).containsExactly("1.0.0");
        assertThat(status.getSelectedTags()).isEqualTo(2);
        assertThat(h.events(NS, MirrorEvents.SYNC_STARTED)).extracting(Event::getMessage)
                .anySatisfy(m -> assertThat(m).contains("spec changed").contains("generation 2"));
    }

    @Test
    void aMissingSecretGivesCredentialsNotFoundAndTheSecretRecoversIt() {
        h.create(mirror(NS, "app", repo(SOURCE, "dockerhub"), repo(TARGET)));

        Condition notFound = ready(h.awaitReady(NS, "app", "CredentialsNotFound").getStatus()).orElseThrow();
        assertThat(notFound.getStatus()).isEqualTo("False");
        assertThat(notFound.getMessage()).isEqualTo("spec.source.credentialsSecretRef: Secret team/dockerhub not found");
        assertThat(engine.jobs()).isEmpty();
        await().atMost(OperatorHarness.WAIT).until(() -> h.events(NS, "CredentialsNotFound").size() == 1);

        h.client.resource(dockerConfig(NS, "dockerhub",
                Map.of("https://index.docker.io/v1/", new String[] {"newbe36524", PASSWORD}))).create();

        h.awaitReady(NS, "app", "Synced");
        assertThat(engine.jobs()).singleElement()
                .satisfies(j -> assertThat(j.source().credentials()).isEqualTo(Credentials.basic("newbe36524", PASSWORD)));
        assertThat(h.events(NS, "CredentialsNotFound")).hasSize(1);
    }

    @Test
    void aMissingOptionalSecretSyncsAnonymouslyAndTheSecretIsUsedOnceItExists() {
        h.create(mirror(NS, "app", Mirrors.repoWithOptionalSecret(SOURCE, "dockerhub"), repo(TARGET)));

        h.awaitReady(NS, "app", "Synced");
        assertThat(engine.jobs()).singleElement()
                .satisfies(j -> assertThat(j.source().credentials()).isEqualTo(Credentials.ANONYMOUS));
        assertThat(h.events(NS, "CredentialsNotFound")).isEmpty();

        h.client.resource(dockerConfig(NS, "dockerhub",
                Map.of("https://index.docker.io/v1/", new String[] {"newbe36524", PASSWORD}))).create();
        h.edit(NS, "app", m -> {
            m.getMetadata().setAnnotations(Map.of(ImageMirror.REQUESTED_AT_ANNOTATION, "after-the-secret"));
            return m;
        });

        h.awaitStatus(NS, "app", s -> "after-the-secret".equals(s.getLastHandledRequestedAt())
                && !OperatorHarness.syncing(s) && "Synced".equals(ready(s).map(Condition::getReason).orElse(null)));
        assertThat(engine.jobs()).hasSize(2).last()
                .satisfies(j -> assertThat(j.source().credentials()).isEqualTo(Credentials.basic("newbe36524", PASSWORD)));
    }

    @Test
    void anOptionalSecretThatExistsButIsMalformedStillGivesInvalidCredentials() {
        h.client.resource(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("dockerhub").endMetadata()
                .withType("kubernetes.io/basic-auth").withData(Map.of("username", b64("robot"))).build()).create();
        h.create(mirror(NS, "app", Mirrors.repoWithOptionalSecret(SOURCE, "dockerhub"), repo(TARGET)));

        Condition invalid = ready(h.awaitReady(NS, "app", "InvalidCredentials").getStatus()).orElseThrow();

        assertThat(invalid.getMessage())
                .isEqualTo("spec.source.credentialsSecretRef: Secret team/dockerhub has no key password");
        assertThat(engine.jobs()).isEmpty();
    }

    @Test
    void aMalformedSecretGivesInvalidCredentialsNamingSecretAndKeyButNoValue() {
        h.client.resource(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("broken").endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", b64("{\"auths\": {\"" + PASSWORD)))
                .build()).create();
        h.create(mirror(NS, "app", repo(SOURCE), repo(TARGET, "broken")));

        Condition invalid = ready(h.awaitReady(NS, "app", "InvalidCredentials").getStatus()).orElseThrow();

        assertThat(invalid.getMessage()).startsWith("spec.targets[0].credentialsSecretRef: Secret team/broken: key "
                + ".dockerconfigjson is not valid JSON").doesNotContain(PASSWORD);
        assertThat(engine.jobs()).isEmpty();
    }

    @Test
    void theRequestedAtAnnotationSyncsAtOnceAndIsRecorded() {
        h.create(mirror(NS, "app", repo(SOURCE), repo(TARGET)));
        h.awaitReady(NS, "app", "Synced");

        h.edit(NS, "app", m -> {
            m.getMetadata().setAnnotations(Map.of(ImageMirror.REQUESTED_AT_ANNOTATION, "2025-03-01T10:05:00Z"));
            return m;
        });

        ImageMirrorStatus status = h.awaitStatus(NS, "app",
                s -> "2025-03-01T10:05:00Z".equals(s.getLastHandledRequestedAt()) && !OperatorHarness.syncing(s))
                .getStatus();
        assertThat(engine.jobs()).hasSize(2);
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(ready(status).orElseThrow().getReason()).isEqualTo("Synced");
        assertThat(h.events(NS, MirrorEvents.SYNC_STARTED)).extracting(Event::getMessage)
                .anySatisfy(m -> assertThat(m).contains("requested through the mirror.hagicode.io/requested-at"));
    }

    @Test
    void suspendKeepsEverySyncFromRunningUntilResumed() {
        ImageMirror suspended = mirror(NS, "app", repo(SOURCE), repo(TARGET));
        suspended.getSpec().setSuspend(true);
        // Asked to sync now as well: the reconcile that records Suspended is the one that saw the request.
        suspended.getMetadata().setAnnotations(Map.of(ImageMirror.REQUESTED_AT_ANNOTATION, "now"));
        h.create(suspended);

        ImageMirrorStatus status = h.awaitReady(NS, "app", "Suspended").getStatus();
        assertThat(status.getNextSyncTime()).isNull();
        assertNoSyncStarted("app");

        h.edit(NS, "app", m -> {
            m.getSpec().setSuspend(false);
            return m;
        });
        h.awaitReady(NS, "app", "Synced");
        assertThat(engine.jobs()).hasSize(1);
    }

    @Test
    void deletingAMirrorCancelsItsSyncInFlight() {
        engine.hold();
        h.create(mirror(NS, "app", repo(SOURCE), repo(TARGET)));
        await().atMost(OperatorHarness.WAIT).until(() -> engine.jobs().size() == 1);
        h.awaitStatus(NS, "app", OperatorHarness::syncing);

        h.client.resources(ImageMirror.class).inNamespace(NS).withName("app").delete();

        await().atMost(OperatorHarness.WAIT).until(() -> engine.interruptions() == 1);
        await().atMost(OperatorHarness.WAIT).until(() -> h.operator.pool().activeCount() == 0);
        assertThat(h.operator.pool().lastCompletion(new MirrorRef(NS, "app", null).id())).isEmpty();
    }

    @Test
    void aSpecChangeDuringASyncCancelsItAndSyncsTheNewSpec() {
        engine.hold();
        h.create(mirror(NS, "app", repo(SOURCE), repo(TARGET)));
        await().atMost(OperatorHarness.WAIT).until(() -> engine.jobs().size() == 1);

        h.edit(NS, "app", m -> {
            m.getSpec().setConcurrency(7);
            return m;
        });
        await().atMost(OperatorHarness.WAIT).until(() -> engine.interruptions() == 1 && engine.jobs().size() == 2);
        engine.release();

        ImageMirrorStatus status = h.awaitReady(NS, "app", "Synced").getStatus();
        assertThat(engine.jobs().get(1).concurrency()).isEqualTo(7);
        assertThat(ready(status).orElseThrow().getObservedGeneration()).isEqualTo(2L);
        assertThat(h.events(NS, MirrorEvents.SYNC_SUCCEEDED)).hasSize(1);
    }

    @Test
    void aBadRegexGivesInvalidSpecNamingTheFieldAndRecoversWhenFixed() {
        ImageMirror bad = mirror(NS, "app", repo(SOURCE), repo(TARGET));
        TagFilterSpec tags = new TagFilterSpec();
        tags.setInclude(List.of("v(1"));
        bad.getSpec().setTags(tags);
        h.create(bad);

        Condition invalid = ready(h.awaitReady(NS, "app", "InvalidSpec").getStatus()).orElseThrow();
        assertThat(invalid.getMessage()).startsWith("spec.tags.include[0] = 'v(1': is not a valid regular expression");
        assertNoSyncStarted("app");

        h.edit(NS, "app", m -> {
            m.getSpec().getTags().setInclude(List.of("v?1.*"));
            return m;
        });
        assertThat(ready(h.awaitReady(NS, "app", "Synced").getStatus()).orElseThrow().getMessage())
                .isEqualTo("2 tags in sync on 1 target");
    }

    @Test
    void theStatusRoundTripsAndHoldsNoSecret() {
        h.client.resource(basicAuth(NS, "creds", "robot", PASSWORD)).create();
        h.create(mirror(NS, "app", repo(SOURCE, "creds"), repo(TARGET, "creds")));
        ImageMirrorStatus status = h.awaitReady(NS, "app", "Synced").getStatus();

        String raw = h.client.raw("/apis/mirror.hagicode.io/v1alpha1/namespaces/team/imagemirrors/app");
        ImageMirror reread = Serialization.unmarshal(raw, ImageMirror.class);
        assertThat(reread.getStatus()).isEqualTo(status);
        assertThat(Serialization.unmarshal(Serialization.asJson(status), ImageMirrorStatus.class)).isEqualTo(status);
        String events = Serialization.asJson(h.events(NS));
        for (String secret : List.of(PASSWORD, b64(PASSWORD), b64("robot:" + PASSWORD))) {
            assertThat(raw).doesNotContain(secret);
            assertThat(events).doesNotContain(secret);
        }
    }

    @Test
    void readyKeepsItsTransitionTimeAcrossIdenticalSyncs() {
        h.create(mirror(NS, "app", repo(SOURCE), repo(TARGET)));
        Condition first = ready(h.awaitReady(NS, "app", "Synced").getStatus()).orElseThrow();

        h.clock.advance(Duration.ofHours(1));
        h.edit(NS, "app", m -> {
            m.getMetadata().setAnnotations(Map.of(ImageMirror.REQUESTED_AT_ANNOTATION, "again"));
            return m;
        });
        ImageMirrorStatus second = h.awaitStatus(NS, "app",
                s -> "again".equals(s.getLastHandledRequestedAt()) && !OperatorHarness.syncing(s)).getStatus();

        assertThat(second.getLastSyncTime()).isEqualTo("2025-03-01T11:00:00Z");
        assertThat(ready(second).orElseThrow()).isEqualTo(first);
        Condition syncing = OperatorHarness.condition(second, ConditionSet.SYNCING).orElseThrow();
        assertThat(syncing.getLastTransitionTime()).isEqualTo("2025-03-01T11:00:00Z");
    }

    @Test
    void aFailedTagGivesPartiallySyncedAndASyncFailedEvent() {
        engine.failTag("latest", RegistryErrorKind.SERVER_ERROR);
        h.create(mirror(NS, "app", repo(SOURCE), repo(TARGET)));

        ImageMirrorStatus status = h.awaitReady(NS, "app", "PartiallySynced").getStatus();

        assertThat(ready(status).orElseThrow().getStatus()).isEqualTo("False");
        assertThat(status.getLastSuccessfulSyncTime()).isNull();
        TargetStatus target = status.getTargets().get(0);
        assertThat(target.getTagsInSync()).isEqualTo(2);
        assertThat(target.getFailedTags()).containsExactly(new TargetStatus.FailedTag("latest", "server_error: pushing latest"));
        await().atMost(OperatorHarness.WAIT).until(() -> h.events(NS, MirrorEvents.SYNC_FAILED).size() == 1);
        assertThat(h.events(NS, MirrorEvents.SYNC_FAILED).get(0).getMessage())
                .startsWith("PartiallySynced: 1 of 3 tag copies failed").contains(TARGET + ":latest");
    }

    @Test
    void anUnreadableSourceGivesSourceNotFound() {
        engine.failSource(RegistryErrorKind.NAME_UNKNOWN);
        h.create(mirror(NS, "app", repo(SOURCE), repo(TARGET)));

        Condition condition = ready(h.awaitReady(NS, "app", "SourceNotFound").getStatus()).orElseThrow();

        assertThat(condition.getMessage()).startsWith("cannot read the source docker.io/newbe36524/hagicode: ");
    }

    @Test
    void aPublicTargetTheAnonymousCannotPullGetsPublicPullFalseAndOneWarningUntilFixed() {
        engine.anonymousPull(AnonymousPullCheck.denied("1.1.0", "checking manifest: registry answered HTTP 401"));
        h.client.resource(basicAuth(NS, "creds", "robot", PASSWORD)).create();
        ImageMirror publicMirror = mirror(NS, "app", repo(SOURCE), repo(ACR_TARGET, "creds"));
        publicMirror.getSpec().getTargets().get(0).setPublic(true);
        h.create(publicMirror);

        ImageMirrorStatus denied = h.awaitReady(NS, "app", "Synced").getStatus();

        Condition first = publicPull(denied).orElseThrow();
        assertThat(first.getStatus()).isEqualTo("False");
        assertThat(first.getReason()).isEqualTo("AnonymousPullDenied");
        assertThat(first.getMessage()).contains(ACR_TARGET)
                .contains("az acr update --name hagicode --anonymous-pull-enabled true");
        assertThat(denied.getTargets().get(0).getAnonymousPull()).isEqualTo("Denied");
        assertThat(h.events(NS, MirrorEvents.ANONYMOUS_PULL_DENIED)).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).isEqualTo(first.getMessage());
        });

        h.clock.advance(Duration.ofHours(1));
        ImageMirrorStatus again = syncAgain("again");
        assertThat(publicPull(again)).as("same denial: condition untouched").contains(first);
        assertThat(h.events(NS, MirrorEvents.ANONYMOUS_PULL_DENIED)).as("no Warning for a known denial").hasSize(1);

        engine.anonymousPull(AnonymousPullCheck.allowed("1.1.0"));
        ImageMirrorStatus allowed = syncAgain("after-az-acr-update");
        Condition fixed = publicPull(allowed).orElseThrow();
        assertThat(fixed.getStatus()).isEqualTo("True");
        assertThat(fixed.getReason()).isEqualTo("AnonymousPullAllowed");
        assertThat(fixed.getLastTransitionTime()).isEqualTo("2025-03-01T11:00:00Z");
        assertThat(allowed.getTargets().get(0).getAnonymousPull()).isEqualTo("Allowed");
        assertThat(ready(allowed).orElseThrow().getReason()).isEqualTo("Synced");
        assertThat(h.events(NS, MirrorEvents.ANONYMOUS_PULL_DENIED)).hasSize(1);

        String raw = h.client.raw("/apis/mirror.hagicode.io/v1alpha1/namespaces/team/imagemirrors/app");
        String events = Serialization.asJson(h.events(NS));
        for (String secret : List.of(PASSWORD, b64(PASSWORD), b64("robot:" + PASSWORD))) {
            assertThat(raw).doesNotContain(secret);
            assertThat(events).doesNotContain(secret);
        }
    }

    @Test
    void withoutAPublicTargetADeniedProbeIsReportedButRaisesNothing() {
        engine.anonymousPull(AnonymousPullCheck.denied("1.1.0", "checking manifest: registry answered HTTP 401"));
        h.create(mirror(NS, "app", repo(SOURCE), repo(ACR_TARGET)));

        ImageMirrorStatus status = h.awaitReady(NS, "app", "Synced").getStatus();

        assertThat(status.getTargets().get(0).getAnonymousPull()).isEqualTo("Denied");
        assertThat(publicPull(status)).isEmpty();
        assertThat(h.events(NS, MirrorEvents.ANONYMOUS_PULL_DENIED)).isEmpty();
    }

    @Test
    void aSecretRotatedAfterTheRegistryRefusedItRetriesAtOnce() {
        engine.failSource(RegistryErrorKind.UNAUTHORIZED);
        h.client.resource(basicAuth(NS, "hub", "robot", "an-old-password")).create();
        h.create(mirror(NS, "app", repo(SOURCE, "hub"), repo(TARGET)));
        ImageMirrorStatus refused = h.awaitReady(NS, "app", "AuthenticationFailed").getStatus();
        assertThat(refused.getSecretsVersion()).matches("[0-9a-f]{16}");

        engine.failSource(null);
        h.client.resource(basicAuth(NS, "hub", "robot", PASSWORD)).update();

        ImageMirrorStatus synced = h.awaitReady(NS, "app", "Synced").getStatus();
        assertThat(synced.getSecretsVersion()).matches("[0-9a-f]{16}").isNotEqualTo(refused.getSecretsVersion());
        assertThat(synced.getLastHandledRequestedAt()).as("no sync was requested").isNull();
        assertThat(engine.jobs()).hasSize(2).last().satisfies(j -> assertThat(j.source().credentials())
                .isEqualTo(Credentials.basic("robot", PASSWORD)));
        await().atMost(OperatorHarness.WAIT).until(() -> h.events(NS, MirrorEvents.SYNC_STARTED).size() == 2);
        assertThat(h.events(NS, MirrorEvents.SYNC_STARTED)).extracting(Event::getMessage)
                .anySatisfy(m -> assertThat(m).contains("a referenced Secret changed after the registry refused"));
    }

    @Test
    void aRestartedOperatorTellsFromTheStatusWhetherTheSecretChangedSinceTheRefusal() {
        engine.failSource(RegistryErrorKind.UNAUTHORIZED);
        h.client.resource(basicAuth(NS, "hub", "robot", "an-old-password")).create();
        h.create(mirror(NS, "app", repo(SOURCE, "hub"), repo(TARGET)));
        h.awaitReady(NS, "app", "AuthenticationFailed");
        h.operator.close();

        FakeSyncEngine unchanged = new FakeSyncEngine();
        try (Restarted second = new Restarted(unchanged)) {
            second.awaitReconciled("app");
            assertThat(unchanged.jobs()).as("same Secret: nothing to retry").isEmpty();
            assertThat(second.operator.pool().activeCount()).isZero();
        }

        h.client.resource(basicAuth(NS, "hub", "robot", PASSWORD)).update(); // while no operator runs
        FakeSyncEngine rotated = new FakeSyncEngine();
        try (Restarted third = new Restarted(rotated)) {
            h.awaitReady(NS, "app", "Synced");
            assertThat(rotated.jobs()).singleElement().satisfies(j -> assertThat(j.source().credentials())
                    .isEqualTo(Credentials.basic("robot", PASSWORD)));
        }
    }

    /**
     * After a reconcile has recorded what it decided: the status shows no sync, and none runs or ran. A sync the
     * reconcile started would be in the pool (queued or running) or have left its completion there.
     */
    private void assertNoSyncStarted(String name) {
        MirrorRef ref = new MirrorRef(NS, name, null);
        assertThat(h.operator.pool().active(ref.id())).isEmpty();
        assertThat(h.operator.pool().lastCompletion(ref.id())).isEmpty();
        assertThat(engine.jobs()).isEmpty();
    }

    /** Another operator process on the same API server, as after a restart; its own engine and metrics. */
    private final class Restarted implements AutoCloseable {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final MirrorOperator operator;

        Restarted(FakeSyncEngine engine) {
            operator = new MirrorOperator(h.client, engine, new OperatorMetrics(registry), TestSettings.defaults(),
                    h.clock);
            operator.start();
        }

        /** Waits for the positive sign that this operator has reconciled the mirror: its per-mirror gauges exist. */
        void awaitReconciled(String name) {
            await().atMost(OperatorHarness.WAIT).until(() -> registry.scrape()
                    .contains("imagemirror_ready{name=\"" + name + "\",namespace=\"" + NS + "\"}"));
        }

        @Override
        public void close() {
            operator.close();
        }
    }

    private ImageMirrorStatus syncAgain(String requestedAt) {
        h.edit(NS, "app", m -> {
            m.getMetadata().setAnnotations(Map.of(ImageMirror.REQUESTED_AT_ANNOTATION, requestedAt));
            return m;
        });
        return h.awaitStatus(NS, "app",
                s -> requestedAt.equals(s.getLastHandledRequestedAt()) && !OperatorHarness.syncing(s)).getStatus();
    }

    private static java.util.Optional<Condition> publicPull(ImageMirrorStatus status) {
        return OperatorHarness.condition(status, ConditionSet.PUBLIC_PULL);
    }

    @Test
    void aScheduledSyncRunsOnceNextSyncTimeHasPassed() {
        h.client.resource(basicAuth(NS, "creds", "robot", PASSWORD)).create();
        h.create(mirror(NS, "app", repo(SOURCE), repo(TARGET, "creds")));
        h.awaitReady(NS, "app", "Synced");

        h.clock.set(Instant.parse("2025-03-02T00:00:30Z"));
        // Any event makes the operator look again; in production the reschedule does it at nextSyncTime.
        h.client.secrets().inNamespace(NS).withName("creds").edit(s -> {
            s.getMetadata().setLabels(Map.of("touched", "yes"));
            return s;
        });

        ImageMirrorStatus status = h.awaitStatus(NS, "app", s -> "2025-03-03T00:00:00Z".equals(s.getNextSyncTime())
                && !OperatorHarness.syncing(s)).getStatus();
        assertThat(engine.jobs()).hasSize(2);
        assertThat(status.getLastSyncTime()).isEqualTo("2025-03-02T00:00:30Z");
        assertThat(h.events(NS, MirrorEvents.SYNC_STARTED)).extracting(Event::getMessage)
                .anySatisfy(m -> assertThat(m).startsWith("sync started: scheduled"));
    }

    @Test
    void aSecretOfAnotherNamespaceIsNeverUsed() {
        h.client.resource(basicAuth("other", "creds", "robot", PASSWORD)).create();
        h.create(mirror(NS, "app", repo(SOURCE), repo(TARGET, "creds")));

        Condition condition = ready(h.awaitReady(NS, "app", "CredentialsNotFound").getStatus()).orElseThrow();

        assertThat(condition.getMessage()).contains("Secret team/creds not found");
        assertThat(engine.jobs()).isEmpty();
    }
}
