package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.app.Bytes;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagState;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes Events a user sees in {@code kubectl describe imagemirror}: SyncStarted, SyncSucceeded, SyncFailed
 * (one line saying why) once per sync, from the {@link SyncPool}; and, from the reconciler's record step, the Warnings
 * CredentialsNotFound / InvalidCredentials and AnonymousPullDenied (a public target the public cannot pull) once per
 * new problem. An Event that cannot be written is logged and dropped: Events are a courtesy and must never fail a
 * sync or a reconcile.
 */
public final class MirrorEvents implements SyncLifecycle {
    static final String COMPONENT = "imagemirror-operator";
    static final String SYNC_STARTED = "SyncStarted";
    static final String SYNC_SUCCEEDED = "SyncSucceeded";
    static final String SYNC_FAILED = "SyncFailed";
    static final String ANONYMOUS_PULL_DENIED = PublicPullVerdict.Reason.AnonymousPullDenied.name();
    private static final int MAX_MESSAGE = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(MirrorEvents.class);

    private final KubernetesClient client;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public MirrorEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void started(MirrorRef mirror, SyncScheduler.Trigger trigger, long generation) {
        record(mirror, "Normal", SYNC_STARTED, "sync started: " + trigger.description() + " (generation "
                + generation + ")");
    }

    @Override
    public void finished(SyncCompletion completion) {
        String took = String.format(Locale.ROOT, " in %.1f s", completion.duration().toMillis() / 1000.0);
        if (completion.succeeded()) {
            String copied = completion.report().map(MirrorEvents::copied).orElse("");
            record(completion.mirror(), "Normal", SYNC_SUCCEEDED, completion.verdict().message() + took + copied);
        } else {
            record(completion.mirror(), "Warning", SYNC_FAILED,
                    completion.verdict().reason() + ": " + completion.verdict().message());
        }
    }

    /**
     * Warns about the problems the status now records and did not before, comparing typed verdicts, never their text:
     * a sync that could not start because a Secret is missing or unusable, and a public target that refuses anonymous
     * pulls (turned False, or names other targets or settings than before). The same problem found again by a retry
     * or the next sync sends nothing.
     */
    void warnAboutNewProblems(MirrorRef mirror, RecordedStatus before, RecordedStatus after) {
        after.ready().filter(v -> v.reason().secretProblem()).filter(v -> !after.ready().equals(before.ready()))
                .ifPresent(v -> warn(mirror, v.reason().name(), v.message()));
        after.publicPull().filter(PublicPullVerdict::denied)
                .filter(v -> !after.publicPull().equals(before.publicPull()))
                .ifPresent(v -> warn(mirror, ANONYMOUS_PULL_DENIED, v.message()));
    }

    private void warn(MirrorRef mirror, String reason, String message) {
        LOG.info("{}: {}: {}", mirror, reason, message);
        record(mirror, "Warning", reason, message);
    }

    private static String copied(SyncReport report) {
        long tags = report.targets().stream().mapToLong(t -> t.count(TagState.COPIED)).sum();
        return "; " + tags + " tag copies made, " + Bytes.human(report.totals().bytesCopied()) + " copied";
    }

    /** {@code <mirror>.<hex>}, as kubectl's own events are named, kept within the 253 characters a name may have. */
    private String eventName(MirrorRef mirror) {
        String prefix = mirror.name().length() <= 200 ? mirror.name()
                : mirror.name().substring(0, 200).replaceAll("[-.]+$", "");
        return prefix + "." + Long.toHexString(clock.millis()) + Long.toHexString(sequence.incrementAndGet());
    }

    private void record(MirrorRef mirror, String type, String reason, String message) {
        String now = Timestamps.seconds(clock.instant());
        String text = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(mirror.namespace())
                .withName(eventName(mirror))
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(ImageMirror.API_VERSION)
                .withKind("ImageMirror")
                .withNamespace(mirror.namespace())
                .withName(mirror.name())
                .withUid(mirror.uid())
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(text)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(mirror.namespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn("{}: could not record the {} event: {}", mirror, reason, e.getMessage());
        }
    }
}
