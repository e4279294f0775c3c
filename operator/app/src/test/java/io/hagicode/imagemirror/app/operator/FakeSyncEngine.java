package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.sync.AnonymousPullCheck;
import io.hagicode.imagemirror.sync.Endpoint;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncEngine;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sync engine the test controls: the source "has" {@link #sourceTags}, filtered with the job's real tag filter; every
 * selected tag is COPIED the first time a target sees it and UP_TO_DATE afterwards (unless {@link #failTag} says
 * otherwise), and every target's anonymous pull probe finds what {@link #anonymousPull} says. {@link #hold()} makes syncs block until {@link #release()} or until interrupted, for cancellation tests.
 */
final class FakeSyncEngine implements SyncEngine {
    private final List<MirrorJob> jobs = new CopyOnWriteArrayList<>();
    private final List<String> copied = new CopyOnWriteArrayList<>();
    private final AtomicInteger interrupted = new AtomicInteger();
    private volatile List<String> sourceTags = List.of("1.0.0", "1.1.0", "latest");
    private volatile CountDownLatch gate;
    private volatile String failingTag;
    private volatile RegistryErrorKind failingKind;
    private volatile RegistryErrorKind sourceError;
    private volatile AnonymousPullCheck anonymousPull = AnonymousPullCheck.NOT_CHECKED;

    FakeSyncEngine sourceTags(String... tags) {
        this.sourceTags = List.of(tags);
        return this;
    }

    /** Every target fails {@code tag} with an error of {@code kind}. */
    FakeSyncEngine failTag(String tag, RegistryErrorKind kind) {
        this.failingTag = tag;
        this.failingKind = kind;
        return this;
    }

    /** What the anonymous pull probe finds on every target from now on. */
    FakeSyncEngine anonymousPull(AnonymousPullCheck check) {
        this.anonymousPull = check;
        return this;
    }

    FakeSyncEngine failSource(RegistryErrorKind kind) {
        this.sourceError = kind;
        return this;
    }

    FakeSyncEngine hold() {
        gate = new CountDownLatch(1);
        return this;
    }

    void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    List<MirrorJob> jobs() {
        return List.copyOf(jobs);
    }

    int interruptions() {
        return interrupted.get();
    }

    @Override
    public SyncReport sync(MirrorJob job, SyncListener listener) throws InterruptedException {
        jobs.add(job);
        if (sourceError != null) {
            return new SyncReport(job.name(), job.source().repository(), List.of(),
                    job.targets().stream().map(t -> new TargetReport(t.repository(), List.of())).toList(),
                    SyncTotals.ZERO, "listing tags: " + sourceError.name().toLowerCase() + " (HTTP 4xx)", sourceError);
        }
        List<String> selected = job.tagFilter().select(job.targeted() ? job.requestedTags() : sourceTags);
        listener.onTagsSelected(selected);
        CountDownLatch g = gate;
        if (g != null) {
            try {
                if (!g.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("held sync was never released");
                }
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        }
        List<TargetReport> targets = new ArrayList<>();
        long bytes = 0;
        for (Endpoint target : job.targets()) {
            List<TagOutcome> outcomes = new ArrayList<>();
            long targetBytes = 0;
            for (String tag : selected) {
                String digest = "sha256:" + "ab".repeat(32);
                TagOutcome outcome;
                if (tag.equals(failingTag)) {
                    outcome = TagOutcome.failed(tag, digest, failingKind.name().toLowerCase() + ": pushing " + tag, failingKind);
                } else if (copied.contains(target.repository() + ":" + tag)) {
                    outcome = TagOutcome.of(tag, TagState.UP_TO_DATE, digest);
                } else {
                    copied.add(target.repository() + ":" + tag);
                    outcome = TagOutcome.of(tag, TagState.COPIED, digest);
                    targetBytes += 1024;
                }
                listener.onTagFinished(target.repository(), outcome);
                outcomes.add(outcome);
            }
            targets.add(new TargetReport(target.repository(), outcomes, targetBytes, anonymousPull));
            bytes += targetBytes;
        }
        SyncTotals totals = new SyncTotals(bytes / 1024, 0, 0, bytes, bytes, bytes / 1024, Duration.ofMillis(20));
        return new SyncReport(job.name(), job.source().repository(), selected, targets, totals, null, null);
    }

    @Override
    public SyncReport plan(MirrorJob job) {
        throw new UnsupportedOperationException("the operator never plans");
    }
}
