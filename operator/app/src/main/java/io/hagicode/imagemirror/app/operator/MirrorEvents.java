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
 * (one line saying why), CredentialsNotFound / InvalidCredentials, and AnonymousPullDenied (a public target the public
 * cannot pull). An Event that cannot be written is logged and dropped: Events are a courtesy and must never fail a
 * sync or a reconcile.
 */
public final class MirrorEvents implements SyncLifecycle {
    static final String COMPONENT = "imagemirror-operator";
    static final String SYNC_STARTED = "SyncStarted";
    static final String SYNC_SUCCEEDED = "SyncSucceeded";
    static final String SYNC_FAILED = "SyncFailed";
    static final String ANONYMOUS_PULL_DENIED = PublicPullVerdict.DENIED;
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
    public void started(MirrorRef mirror, SyncTrigger trigger, long generation) {
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

    /** A sync could not start: the Secret is missing ({@code CredentialsNotFound}) or unusable. */
    public void credentialsProblem(MirrorRef mirror, ReadyReason reason, String message) {
        record(mirror, "Warning", reason.name(), message);
    }

    /** A target marked public refuses anonymous pulls; the message names the setting to change. */
    public void anonymousPullDenied(MirrorRef mirror, String message) {
        record(mirror, "Warning", ANONYMOUS_PULL_DENIED, message);
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
