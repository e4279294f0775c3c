package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.hagicode.imagemirror.app.job.CredentialsException;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.Schedule;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles ImageMirrors: validate, observe (the sync in flight, the last one finished), decide (is a sync due?),
 * act (start or cancel a sync on the {@link SyncRunner}; never run one here) and record (status, events, gauges).
 * Everything it decides comes from the resource's status and the runner, so a reconcile can run any number of times.
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

    private final SyncRunner runner;
    private final SyncScheduler scheduler;
    private final MirrorEvents events;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final Timing timing;
    private final SimpleInboundEventSource<ImageMirror> syncFinished = new SimpleInboundEventSource<>("sync-finished");
    private volatile InformerEventSource<Secret, ImageMirror> secrets;

    /**
     * @param progressInterval         how often the Syncing condition's progress message is refreshed during a sync
     * @param credentialsRetryInterval how often a mirror waiting for a usable Secret retries besides Secret events
     */
    public record Timing(Duration progressInterval, Duration credentialsRetryInterval) {
        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(15), Duration.ofMinutes(5));
        }
    }

    public ImageMirrorReconciler(SyncRunner runner, SyncScheduler scheduler, MirrorEvents events,
                                 OperatorMetrics metrics, Clock clock, Timing timing) {
        this.runner = runner;
        this.scheduler = scheduler;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.timing = timing;
        runner.onFinished(syncFinished::propagateEvent);
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
        return List.of(secrets, syncFinished);
    }

    @Override
    public UpdateControl<ImageMirror> reconcile(ImageMirror mirror, Context<ImageMirror> context) {
        MirrorRef ref = MirrorRef.of(mirror);
        if (context.isPrimaryResourceDeleted()) {
            runner.forget(ref);
            return UpdateControl.noUpdate();
        }
        Instant now = clock.instant();
        long generation = Objects.requireNonNullElse(mirror.getMetadata().getGeneration(), 1L);
        Step step = new Step(mirror, context, ref, new StatusBuilder(mirror.getStatus(), now), now);
        step.status.targetCount(mirror.getSpec() == null ? 0 : mirror.getSpec().getTargets().size());
        runner.active(ref.id()).filter(s -> !Objects.equals(s.mirror().uid(), ref.uid()))
                .ifPresent(s -> runner.cancel(ref.id())); // a sync of an earlier mirror of the same name

        ValidatedSpec spec;
        try {
            spec = SpecValidator.validate(mirror.getSpec());
        } catch (InvalidSpecException e) {
            runner.cancel(ref.id());
            step.status.invalidSpec(generation, e);
            return step.finish(Optional.empty());
        }
        step.schedule = Optional.of(spec.schedule());
        if (spec.suspend()) {
            runner.cancel(ref.id());
            step.status.suspended(generation);
            return step.finish(Optional.empty());
        }
        Optional<ActiveSync> active = runner.active(ref.id());
        if (active.isPresent()) {
            ActiveSync sync = active.get();
            if (sync.generation() == generation) {
                step.status.syncing(sync);
                return step.finish(Optional.of(timing.progressInterval()));
            }
            runner.cancel(ref.id());
            if (runner.active(ref.id()).isPresent()) {
                // The end of the cancelled sync triggers the next reconcile, which starts the sync of the new spec.
                step.status.cancelling(sync, "the spec changed to generation " + generation);
                return step.finish(Optional.empty());
            }
        }
        runner.lastCompletion(ref.id())
                .filter(c -> c.generation() == generation && Objects.equals(c.mirror().uid(), ref.uid()))
                .filter(c -> step.status.awaitsCompletion())
                .ifPresent(c -> {
                    step.status.completed(c, spec);
                    warnIfPublicPullNewlyDenied(step);
                });
        return decideAndAct(step, spec, generation);
    }

    private UpdateControl<ImageMirror> decideAndAct(Step step, ValidatedSpec spec, long generation) {
        String requestedAt = MirrorUpdateFilter.requestedAt(step.mirror);
        SyncDecision decision = scheduler.decide(generation, requestedAt, step.status.current(), spec.schedule(),
                step.now);
        if (!decision.due()) {
            step.status.nextSyncTime(decision.nextSyncTime());
            return step.finish(decision.nextSyncTime().map(next -> until(step.now, next)));
        }
        SyncTrigger trigger = decision.trigger().orElseThrow();
        MirrorJob job;
        try {
            job = spec.toJob(step.ref.toString(),
                    new SecretCredentialsResolver(step.ref.namespace(), this::findSecret));
        } catch (CredentialsException e) {
            return credentialsBlocked(step, generation, requestedAt, decision, e);
        }
        if (runner.start(step.ref, generation, trigger, job)) {
            LOG.info("{}: sync started ({}, generation {})", step.ref, trigger.description(), generation);
            step.status.syncStarted(generation, requestedAt, decision.nextSyncTime(), trigger);
        }
        return step.finish(Optional.of(timing.progressInterval()));
    }

    /**
     * The sync is due but a Secret is missing or unusable. The Event is sent when the problem is new, not on every
     * retry; the retry comes from the Secret informer, or at the latest after {@code credentialsRetryInterval}.
     */
    private UpdateControl<ImageMirror> credentialsBlocked(Step step, long generation, String requestedAt,
                                                         SyncDecision decision, CredentialsException e) {
        ReadyReason reason = e.reason() == CredentialsException.Reason.NOT_FOUND
                ? ReadyReason.CredentialsNotFound : ReadyReason.InvalidCredentials;
        Optional<String> before = readyState(step.mirror.getStatus());
        step.status.credentialsProblem(generation, requestedAt, reason, e.getMessage());
        step.status.nextSyncTime(decision.nextSyncTime());
        if (!before.equals(Optional.of(reason + ": " + e.getMessage()))) {
            LOG.info("{}: {}: {}", step.ref, reason, e.getMessage());
            events.credentialsProblem(step.ref, reason, e.getMessage());
        }
        Duration retry = decision.nextSyncTime().map(next -> until(step.now, next))
                .filter(d -> d.compareTo(timing.credentialsRetryInterval()) < 0)
                .orElse(timing.credentialsRetryInterval());
        return step.finish(Optional.of(retry));
    }

    /**
     * A Warning when PublicPull has just turned False or names other targets or settings than before; a sync that
     * finds the same denial again sends none, as with credentials problems.
     */
    private void warnIfPublicPullNewlyDenied(Step step) {
        step.status.condition(ConditionSet.PUBLIC_PULL).filter(c -> ConditionSet.FALSE.equals(c.getStatus()))
                .filter(c -> !conditionState(step.mirror.getStatus(), ConditionSet.PUBLIC_PULL)
                        .equals(Optional.of(c.getReason() + ": " + c.getMessage())))
                .ifPresent(c -> {
                    LOG.info("{}: {}: {}", step.ref, c.getReason(), c.getMessage());
                    events.anonymousPullDenied(step.ref, c.getMessage());
                });
    }

    private Optional<Secret> findSecret(String namespace, String name) {
        InformerEventSource<Secret, ImageMirror> source = secrets;
        return source == null ? Optional.empty() : source.get(new ResourceID(name, namespace));
    }

    private static Optional<String> readyState(ImageMirrorStatus status) {
        return conditionState(status, ConditionSet.READY);
    }

    private static Optional<String> conditionState(ImageMirrorStatus status, String type) {
        if (status == null) {
            return Optional.empty();
        }
        return new ConditionSet(status.getConditions()).get(type).map(c -> c.getReason() + ": " + c.getMessage());
    }

    private static Duration until(Instant now, Instant next) {
        Duration wait = Duration.between(now, next);
        return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait.plusMillis(50);
    }

    /** One reconcile's working state, and how it ends. */
    private final class Step {
        final ImageMirror mirror;
        final Context<ImageMirror> context;
        final MirrorRef ref;
        final StatusBuilder status;
        final Instant now;
        Optional<Schedule> schedule = Optional.empty();

        Step(ImageMirror mirror, Context<ImageMirror> context, MirrorRef ref, StatusBuilder status, Instant now) {
            this.mirror = mirror;
            this.context = context;
            this.ref = ref;
            this.status = status;
            this.now = now;
        }

        /**
         * Patches the status only when it changed, with a JSON patch of /status computed against the resource as
         * read, so it carries the changed fields alone. The patch is made here rather than through
         * {@code UpdateControl.patchStatus} because JOSDK 5.2 does not cache what that returns: the next reconcile
         * (often at once, when a quick sync ends) would read the old status and start the same sync again.
         * {@code patchStatusAndCacheResource} caches the result and retries on a conflict.
         */
        UpdateControl<ImageMirror> finish(Optional<Duration> reschedule) {
            ImageMirrorStatus next = status.build();
            boolean suspended = mirror.getSpec() != null && Boolean.TRUE.equals(mirror.getSpec().getSuspend());
            metrics.observe(ref, next, suspended, schedule.flatMap(this::period));
            if (!next.equals(mirror.getStatus())) {
                PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(mirror, context, m -> {
                    m.setStatus(next);
                    return m;
                });
            }
            UpdateControl<ImageMirror> control = UpdateControl.noUpdate();
            reschedule.ifPresent(control::rescheduleAfter);
            return control;
        }

        private Optional<Duration> period(Schedule s) {
            return s.nextAfter(now.atZone(ZoneOffset.UTC)).flatMap(first -> s.nextAfter(first)
                    .map(second -> Duration.between(first, second)));
        }
    }
}
