package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.Schedule;
import io.hagicode.imagemirror.api.WebhookSpec;
import io.hagicode.imagemirror.app.job.CredentialsException;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.app.operator.webhook.Hook;
import io.hagicode.imagemirror.app.operator.webhook.HookPath;
import io.hagicode.imagemirror.app.operator.webhook.Hooks;
import io.hagicode.imagemirror.app.operator.webhook.PendingPushes;
import io.hagicode.imagemirror.app.operator.webhook.WebhookSettings;
import io.hagicode.imagemirror.app.operator.webhook.WebhookTokens;
import io.hagicode.imagemirror.oci.ReferrerTags;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.TagFilter;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles ImageMirrors: validate; observe (the sync in flight, the last one finished, the status as recorded and
 * the Secrets now); decide ({@link SyncScheduler}: is a sync due?); act (start or cancel a sync on the
 * {@link SyncPool}; never run one here); record ({@link StatusRecorder}: status, Warnings, metrics). Everything it
 * decides comes from the resource's status and the pool, so a reconcile can run any number of times.
 * <p>
 * It is called on every event, deletions included ({@code triggerReconcilerOnAllEvents}), which lets it cancel a
 * deleted mirror's sync without putting a finalizer on every ImageMirror: a finalizer would keep mirrors from being
 * deleted whenever the operator is not running, and there is nothing outside this process to clean up.
 * Generation-aware filtering is off because the "sync now" annotation does not change the generation;
 * {@link MirrorUpdateFilter} drops the operator's own status updates instead.
 */
@ControllerConfiguration(name = ImageMirrorReconciler.NAME, generationAwareEventProcessing = false,
        triggerReconcilerOnAllEvents = true)
public class ImageMirrorReconciler implements Reconciler<ImageMirror> {
    public static final String NAME = "imagemirror";
    private static final Logger LOG = LoggerFactory.getLogger(ImageMirrorReconciler.class);

    private final SyncPool pool;
    private final SyncScheduler scheduler;
    private final StatusRecorder recorder;
    private final Clock clock;
    private final Timing timing;
    private final Hooks hooks;
    private final PendingPushes pushes;
    private final SimpleInboundEventSource<ImageMirror> syncFinished = new SimpleInboundEventSource<>("sync-finished");
    private final SimpleInboundEventSource<ImageMirror> pushReceived = new SimpleInboundEventSource<>("webhook-push");
    private volatile InformerEventSource<Secret, ImageMirror> secrets;

    /**
     * @param progressInterval         how often the Syncing condition's progress message is refreshed during a sync
     * @param credentialsRetryInterval how often a mirror waiting for a usable Secret retries besides Secret events
     * @param coalesceWindow           how long pending webhook pushes wait for the rest of their burst
     */
    public record Timing(Duration progressInterval, Duration credentialsRetryInterval, Duration coalesceWindow) {
        public Timing(Duration progressInterval, Duration credentialsRetryInterval) {
            this(progressInterval, credentialsRetryInterval, WebhookSettings.DEFAULT_COALESCE_WINDOW);
        }

        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(15), Duration.ofMinutes(5));
        }

        public Timing withCoalesceWindow(Duration window) {
            return new Timing(progressInterval, credentialsRetryInterval, window);
        }
    }

    public ImageMirrorReconciler(SyncPool pool, SyncScheduler scheduler, StatusRecorder recorder, Clock clock,
                                 Timing timing) {
        this(pool, scheduler, recorder, clock, timing, new Hooks(), new PendingPushes());
    }

    /**
     * @param hooks  where the reconciler registers the mirrors that receive webhooks (the receiver reads it)
     * @param pushes the pushes the receiver accepted, which the reconciler turns into targeted syncs
     */
    public ImageMirrorReconciler(SyncPool pool, SyncScheduler scheduler, StatusRecorder recorder, Clock clock,
                                 Timing timing, Hooks hooks, PendingPushes pushes) {
        this.pool = pool;
        this.scheduler = scheduler;
        this.recorder = recorder;
        this.clock = clock;
        this.timing = timing;
        this.hooks = hooks;
        this.pushes = pushes;
        pool.onFinished(syncFinished::propagateEvent);
        pushes.onPush(pushReceived::propagateEvent);
    }

    @Override
    public List<EventSource<?, ImageMirror>> prepareEventSources(EventSourceContext<ImageMirror> context) {
        context.getPrimaryCache().addIndexer(SecretReferences.INDEX, SecretReferences.indexer());
        InformerEventSourceConfiguration<Secret> config = InformerEventSourceConfiguration
                .from(Secret.class, ImageMirror.class)
                .withName("secrets")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(new SecretReferences(context.getPrimaryCache()))
                .build();
        secrets = new InformerEventSource<>(config, context);
        return List.of(secrets, syncFinished, pushReceived);
    }

    @Override
    public UpdateControl<ImageMirror> reconcile(ImageMirror mirror, Context<ImageMirror> context) {
        MirrorRef ref = MirrorRef.of(mirror);
        if (context.isPrimaryResourceDeleted()) {
            pool.forget(ref);
            recorder.forget(ref);
            hooks.remove(ref.id());
            pushes.forget(ref.id());
            return UpdateControl.noUpdate();
        }
        Step step = new Step(mirror, context, clock.instant());
        pool.active(ref.id()).filter(s -> !Objects.equals(s.mirror().uid(), ref.uid()))
                .ifPresent(s -> pool.cancel(ref.id())); // a sync of an earlier mirror of the same name

        ValidatedSpec spec;
        try {
            spec = SpecValidator.validate(mirror.getSpec());
        } catch (InvalidSpecException e) {
            pool.cancel(ref.id());
            hooks.remove(ref.id());
            pushes.forget(ref.id());
            step.status.webhookPath(Optional.empty());
            step.status.invalidSpec(step.generation, e);
            return step.record(Optional.empty());
        }
        step.schedulePeriod = period(spec.schedule(), step.now);
        receiveWebhooks(step, spec);
        if (spec.suspend()) {
            pushes.take(ref.id()); // a suspended mirror does not sync; the schedule catches up after it resumes
            pool.cancel(ref.id());
            step.status.suspended(step.generation);
            return step.record(Optional.empty());
        }
        Optional<ActiveSync> active = pool.active(ref.id());
        if (active.isPresent()) {
            ActiveSync sync = active.get();
            if (sync.generation() == step.generation) {
                step.status.syncing(sync);
                return step.record(Optional.of(timing.progressInterval()));
            }
            pool.cancel(ref.id());
            if (pool.active(ref.id()).isPresent()) {
                // The end of the cancelled sync triggers the next reconcile, which starts the sync of the new spec.
                step.status.cancelling(sync, "the spec changed to generation " + step.generation);
                return step.record(Optional.empty());
            }
        }
        pool.lastCompletion(ref.id())
                .filter(c -> c.generation() == step.generation && Objects.equals(c.mirror().uid(), ref.uid()))
                .filter(c -> step.status.awaitsCompletion())
                .ifPresent(c -> step.status.completed(c, spec));
        return decideAndAct(step, spec);
    }

    /** Asks the scheduler, from the status as recorded so far (the completion just observed included), and acts. */
    private UpdateControl<ImageMirror> decideAndAct(Step step, ValidatedSpec spec) {
        // Read before the job resolves its credentials: should a Secret change in between, the version recorded is
        // the older one, which at worst retries once more after AuthenticationFailed, and never misses a retry.
        Optional<PendingPushes.Batch> pending = pushes.peek(step.ref.id());
        SyncScheduler.Observation seen = new SyncScheduler.Observation(step.generation, step.requestedAt,
                secretsVersion(step), step.status.recorded(),
                pending.map(p -> p.settledAt(timing.coalesceWindow())));
        SyncScheduler.Decision decision = scheduler.decide(seen, spec.schedule(), step.now);
        if (!decision.due()) {
            step.status.nextSyncTime(decision.nextSyncTime());
            return step.record(decision.wakeAt().map(next -> until(step.now, next)));
        }
        SyncScheduler.Trigger trigger = decision.trigger().orElseThrow();
        if (trigger == SyncScheduler.Trigger.PUSHED) {
            return pushed(step, spec, seen, decision);
        }
        MirrorJob job;
        try {
            job = job(step, spec);
        } catch (CredentialsException e) {
            return credentialsBlocked(step, seen, decision, e);
        }
        if (pool.start(step.ref, step.generation, trigger, job)) {
            LOG.info("{}: sync started ({}, generation {})", step.ref, trigger.description(), step.generation);
            step.status.syncStarted(step.generation, step.requestedAt, decision.nextSyncTime(), trigger,
                    seen.secretsVersion());
        }
        return step.record(Optional.of(timing.progressInterval()));
    }

    private MirrorJob job(Step step, ValidatedSpec spec) throws CredentialsException {
        SecretCredentialsResolver secrets = new SecretCredentialsResolver(step.ref.namespace(), this::findSecret);
        return spec.toJob(step.ref.toString(), secrets, secrets);
    }

    /**
     * The scheduler found pending webhook pushes settled and no full sync due: a targeted sync of the pushed tags.
     * Pushes that arrive while it runs stay pending; the end of the sync reconciles again and picks them up.
     */
    private UpdateControl<ImageMirror> pushed(Step step, ValidatedSpec spec, SyncScheduler.Observation seen,
                                              SyncScheduler.Decision decision) {
        MirrorJob job;
        try {
            job = job(step, spec);
        } catch (CredentialsException e) {
            return credentialsBlocked(step, seen, decision, e);
        }
        Optional<PendingPushes.Batch> taken = pushes.take(step.ref.id());
        if (taken.isEmpty()) { // forgotten meanwhile (the mirror was deleted or suspended)
            return step.record(decision.nextSyncTime().map(next -> until(step.now, next)));
        }
        PendingPushes.Batch batch = taken.get();
        SyncScheduler.Trigger trigger = SyncScheduler.Trigger.PUSHED;
        if (pool.start(step.ref, step.generation, trigger, job.forTags(List.copyOf(batch.pushedAt().keySet())),
                batch.pushedAt())) {
            LOG.info("{}: sync of pushed tags {} started", step.ref, new TreeSet<>(batch.pushedAt().keySet()));
            step.status.syncStarted(step.generation, step.requestedAt, decision.nextSyncTime(), trigger,
                    seen.secretsVersion());
        } else {
            pushes.putBack(step.ref.id(), batch); // a sync is still winding down: its end reconciles again
        }
        return step.record(Optional.of(timing.progressInterval()));
    }

    /**
     * Registers the mirror with the webhook receiver when spec.webhook names a Secret with a usable token, and
     * records the path in the status; otherwise makes sure it receives none. Also copies the last push received into
     * status.lastEvent.
     */
    private void receiveWebhooks(Step step, ValidatedSpec spec) {
        pushes.last(step.ref.id()).ifPresent(step.status::lastEvent);
        WebhookSpec webhook = step.mirror.getSpec().getWebhook();
        Optional<String> token = webhook == null || webhook.getSecretRef() == null ? Optional.empty()
                : findSecret(step.ref.namespace(), webhook.getSecretRef().getName()).flatMap(WebhookTokens::of);
        if (token.isEmpty()) {
            if (webhook != null) {
                LOG.debug("{}: spec.webhook is set but its Secret holds no usable token yet", step.ref);
            }
            hooks.remove(step.ref.id());
            step.status.webhookPath(Optional.empty());
            return;
        }
        String path = HookPath.of(token.get(), step.ref.namespace(), step.ref.name());
        TagFilter filter = spec.tagFilter();
        // A cosign or fallback tag travels with its subject whatever the filter says (see the engine).
        boolean referrers = spec.carriesReferrers();
        hooks.register(new Hook(step.ref.id(), path, token.get().getBytes(StandardCharsets.UTF_8), spec.source(),
                tag -> (referrers && ReferrerTags.isReferrerTag(tag)) || !filter.judgesTagsAlone()
                        || !filter.select(List.of(tag)).isEmpty()));
        step.status.webhookPath(Optional.of(path));
    }

    /**
     * The sync is due but a Secret is missing or unusable. The retry comes from the Secret informer, or at the latest
     * after {@code credentialsRetryInterval}; the Warning goes out only when the problem is new (see
     * {@link MirrorEvents#warnAboutNewProblems}).
     */
    private UpdateControl<ImageMirror> credentialsBlocked(Step step, SyncScheduler.Observation seen,
                                                         SyncScheduler.Decision decision, CredentialsException e) {
        ReadyReason reason = e.reason() == CredentialsException.Reason.NOT_FOUND
                ? ReadyReason.CredentialsNotFound : ReadyReason.InvalidCredentials;
        step.status.credentialsProblem(step.generation, step.requestedAt, new SyncVerdict(reason, e.getMessage()),
                seen.secretsVersion());
        step.status.nextSyncTime(decision.nextSyncTime());
        Duration retry = decision.nextSyncTime().map(next -> until(step.now, next))
                .filter(d -> d.compareTo(timing.credentialsRetryInterval()) < 0)
                .orElse(timing.credentialsRetryInterval());
        return step.record(Optional.of(retry));
    }

    /**
     * A digest of the names and resourceVersions of the Secrets the spec references ("-" for a missing one): it
     * changes whenever one is created, updated or deleted, and holds none of their data. Empty when the spec
     * references none.
     */
    private Optional<String> secretsVersion(Step step) {
        Set<String> names = new TreeSet<>(SecretReferences.namesReferenced(step.mirror.getSpec()));
        if (names.isEmpty()) {
            return Optional.empty();
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (String name : names) {
            String version = findSecret(step.ref.namespace(), name)
                    .map(s -> s.getMetadata().getResourceVersion()).orElse("-");
            sha256.update((name + "=" + version + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Optional.of(HexFormat.of().formatHex(sha256.digest(), 0, 8));
    }

    private Optional<Secret> findSecret(String namespace, String name) {
        InformerEventSource<Secret, ImageMirror> source = secrets;
        return source == null ? Optional.empty() : source.get(new ResourceID(name, namespace));
    }

    private static Optional<Duration> period(Schedule schedule, Instant now) {
        return schedule.nextAfter(now.atZone(ZoneOffset.UTC)).flatMap(first -> schedule.nextAfter(first)
                .map(second -> Duration.between(first, second)));
    }

    private static Duration until(Instant now, Instant next) {
        Duration wait = Duration.between(now, next);
        return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait.plusMillis(50);
    }

    /** One reconcile's working state; {@link #record} ends it. */
    private final class Step {
        final ImageMirror mirror;
        final Context<ImageMirror> context;
        final MirrorRef ref;
        final Instant now;
        final long generation;
        final Optional<String> requestedAt;
        final StatusBuilder status;
        Optional<Duration> schedulePeriod = Optional.empty();

        Step(ImageMirror mirror, Context<ImageMirror> context, Instant now) {
            this.mirror = mirror;
            this.context = context;
            this.ref = MirrorRef.of(mirror);
            this.now = now;
            this.generation = Objects.requireNonNullElse(mirror.getMetadata().getGeneration(), 1L);
            this.requestedAt = Optional.ofNullable(MirrorUpdateFilter.requestedAt(mirror));
            this.status = new StatusBuilder(mirror.getStatus(), now);
            status.targetCount(mirror.getSpec() == null ? 0 : mirror.getSpec().getTargets().size());
        }

        UpdateControl<ImageMirror> record(Optional<Duration> reschedule) {
            return recorder.record(mirror, context, status, schedulePeriod, reschedule);
        }
    }
}
