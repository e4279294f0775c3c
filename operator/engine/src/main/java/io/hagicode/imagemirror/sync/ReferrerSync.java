package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.ReferrerTags;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the referrers of what a sync mirrored, after it: a referrer is written only to a target where its subject is
 * current or was just copied, so that no policy ever finds a signature for an image the target lacks. Level by level:
 * the referrers of the mirrored manifests, then the referrers of those (a signature of an SBOM), at most
 * {@value #MAX_DEPTH} deep. Each level is found at the source ({@link SourceReferrers}), compared with each target
 * ({@link ReferrerPlanner}), copied by the same path as images ({@link CopyPhase}: blobs verified and fanned out,
 * manifests after their blobs), and last the fallback tag indexes are written ({@link FallbackIndexWriter}).
 * <p>
 * The subjects of the first level are the tags and pins now current on each target; for a targeted sync also the
 * subjects its pushed cosign or fallback tags name. The engine hands over its outcomes and knows nothing of these.
 */
final class ReferrerSync {
    private static final Logger LOG = LoggerFactory.getLogger(ReferrerSync.class);
    /** Referrers of referrers of referrers; deeper chains are not followed. */
    static final int MAX_DEPTH = 3;

    /** A copy phase for one level of referrers, writing outcomes to {@code book}. */
    @FunctionalInterface
    interface Copies {
        CopyPhase phase(OutcomeBook book, SubjectIndexing subjects);
    }

    private final SourceReferrers source;
    private final ReferrerPlanner planner;
    private final Copies copies;
    private final SyncCounters counters;
    private final RequestPools requests;
    private final Cancellation cancellation;
    /** The tags a targeted sync was asked for (empty for a full sync): a cosign or fallback tag names its subject. */
    private final List<String> pushed;

    ReferrerSync(SourceReferrers source, ReferrerPlanner planner, Copies copies, SyncCounters counters,
                 RequestPools requests, Cancellation cancellation, List<String> pushed) {
        this.source = source;
        this.planner = planner;
        this.copies = copies;
        this.counters = counters;
        this.requests = requests;
        this.cancellation = cancellation;
        this.pushed = List.copyOf(pushed);
    }

    /**
     * The referrer sync of {@code job}, whose source lists {@code sourceTags}. A targeted sync did not list the source
     * (its tags are the requested ones): its referrer tags are looked up one by one. With a platform filter no referrer
     * travels (see {@link ReferrerPolicy#travelsWith}).
     */
    static ReferrerSync of(MirrorJob job, RegistryClient client, List<String> sourceTags, Copies copies,
                           SyncCounters counters, RequestPools requests, Cancellation cancellation) {
        ReferrerPolicy policy = travels(job) ? job.referrers() : ReferrerPolicy.NONE;
        SourceReferrers found = new SourceReferrers(client, job.source().repository(),
                job.targeted() ? null : new HashSet<>(sourceTags), policy, cancellation);
        return new ReferrerSync(found, new ReferrerPlanner(found, policy, cancellation), copies, counters, requests,
                cancellation, job.targeted() ? job.requestedTags() : List.of());
    }

    /** {@code selected} without the cosign and fallback tags, which travel with their subjects when referrers do. */
    static List<String> withoutReferrerTags(MirrorJob job, List<String> selected) {
        if (!travels(job)) {
            return List.copyOf(selected);
        }
        return selected.stream().filter(t -> !ReferrerTags.isReferrerTag(t)).toList();
    }

    private static boolean travels(MirrorJob job) {
        return job.referrers().travelsWith(job.platforms());
    }

    /**
     * The referrer outcomes per target index, for the tags and pins among {@code names} that {@code book} records as
     * current on each target (and the subjects pushed referrer tags name). Nothing when no referrer travels. A dry run
     * plans the same way, from the tags it would copy too, and records as planned what it would write: it reads the
     * source and the targets and writes nothing.
     */
    Map<Integer, List<ReferrerOutcome>> run(List<Target> targets, OutcomeBook book, List<String> names,
                                            boolean dryRun) throws InterruptedException {
        if (!source.policy().enabled()) {
            return Map.of();
        }
        List<Target> available = targets.stream().filter(t -> t.unavailable() == null).toList();
        Map<Integer, Set<Digest>> subjects = currentSubjects(available, book, names);
        addPushedSubjects(available, subjects);
        return follow(available, subjects, dryRun);
    }

    /**
     * Per target, the source digests of the tags and pins now current there (or, planned in a dry run, that would be):
     * the subjects of its referrers.
     */
    private static Map<Integer, Set<Digest>> currentSubjects(List<Target> targets, OutcomeBook book,
                                                            List<String> names) {
        Map<Integer, Set<Digest>> subjects = new LinkedHashMap<>();
        for (Target target : targets) {
            Set<Digest> digests = new LinkedHashSet<>();
            for (String name : names) {
                TagOutcome o = book.outcome(target, name);
                if (o != null && o.digest() != null && o.state() != TagState.FAILED) {
                    digests.add(Digest.parse(o.digest()));
                }
            }
            subjects.put(target.index(), digests);
        }
        return subjects;
    }

    /**
     * A cosign or fallback tag pushed on its own (cosign signs after the image's push) names its subject: its referrers
     * travel to each target that already has the subject, so a signature never waits for the next full sync, and never
     * arrives before its image. A target that cannot tell is left to the next full sync.
     */
    private void addPushedSubjects(List<Target> targets, Map<Integer, Set<Digest>> subjects) {
        List<Digest> named = pushed.stream().map(ReferrerTags::subjectOf).flatMap(Optional::stream).distinct().toList();
        for (Target target : targets) {
            for (Digest subject : named) {
                try {
                    if (target.client().headManifest(target.repository(), subject).isPresent()) {
                        subjects.computeIfAbsent(target.index(), i -> new LinkedHashSet<>()).add(subject);
                    }
                } catch (RuntimeException e) {
                    LOG.debug("{}: its referrers wait for the next full sync: {}", subject,
                            Failure.of("checking " + subject + " at " + target.repository(), e).message());
                }
            }
        }
    }

    /** The referrer outcomes per target index, level by level from the {@code subjects} of each target. */
    private Map<Integer, List<ReferrerOutcome>> follow(List<Target> targets, Map<Integer, Set<Digest>> subjects,
                                                       boolean dryRun) throws InterruptedException {
        Map<Integer, List<ReferrerOutcome>> outcomes = new LinkedHashMap<>();
        targets.forEach(t -> outcomes.put(t.index(), new ArrayList<>()));
        Map<Integer, Set<Digest>> level = subjects;
        for (int depth = 0; depth < MAX_DEPTH && level.values().stream().anyMatch(s -> !s.isEmpty()); depth++) {
            cancellation.throwIfCancelled();
            level = runLevel(targets, level, outcomes, dryRun);
        }
        return outcomes;
    }

    private Map<Integer, Set<Digest>> runLevel(List<Target> targets, Map<Integer, Set<Digest>> subjects,
                                               Map<Integer, List<ReferrerOutcome>> outcomes, boolean dryRun)
            throws InterruptedException {
        Set<Digest> all = new LinkedHashSet<>();
        subjects.values().forEach(all::addAll);
        Map<Digest, CompletableFuture<SourceReferrers.Found>> found = new LinkedHashMap<>();
        for (Digest subject : all) {
            found.put(subject, CompletableFuture.supplyAsync(() -> source.find(subject),
                    requests.forRegistry(source.repository().registry())));
        }
        Futures.awaitAll(found.values());

        SubjectIndexing indexing = new SubjectIndexing();
        ReferrerLevel level = new ReferrerLevel(new OutcomeBook(targets, List.of(), SyncListener.NONE));
        List<CompletableFuture<Void>> plans = new ArrayList<>();
        for (Target target : targets) {
            for (Digest subject : subjects.getOrDefault(target.index(), Set.of())) {
                CompletableFuture<SourceReferrers.Found> f = found.get(subject);
                if (f.isCompletedExceptionally()) {
                    level.failed(target, ReferrerTags.fallback(subject).name(), subject,
                            Failure.of("finding the referrers of " + subject + " in " + source.repository(),
                                    failureOf(f)));
                    continue;
                }
                plans.add(CompletableFuture.runAsync(() -> planner.plan(target, f.join(), level),
                        requests.forRegistry(target.registry())));
            }
        }
        Futures.awaitAll(plans);

        List<CopyTask> toCopy = List.copyOf(level.copies);
        if (dryRun) {
            toCopy.forEach(c -> level.book.record(c.target(), TagOutcome.of(c.tag(), TagState.PLANNED, c.digest())));
        } else if (!toCopy.isEmpty()) {
            copies.phase(level.book, indexing).run(toCopy);
        }
        FallbackIndexWriter writer = new FallbackIndexWriter(indexing, counters, cancellation);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (ReferrerLevel.FallbackWrite w : List.copyOf(level.fallbackWrites)) {
            Runnable write = dryRun ? () -> writer.plan(w, level) : () -> writer.write(w, level);
            writes.add(CompletableFuture.runAsync(write, requests.forRegistry(w.target().registry())));
        }
        Futures.awaitAll(writes);

        Map<Integer, Set<Digest>> next = new LinkedHashMap<>();
        for (ReferrerLevel.Named named : level.names()) {
            TagOutcome o = level.book.outcome(named.target(), named.name());
            if (o == null) {
                o = TagOutcome.failed(named.name(), null, "internal error: referrer " + named.name()
                        + " got no outcome on " + named.target(), RegistryErrorKind.OTHER);
            }
            outcomes.get(named.target().index()).add(ReferrerOutcome.of(named.subject().toString(), o,
                    named.artifactType(), named.reason()));
            if (o.state() == TagState.COPIED) {
                counters.referrersCopied.incrementAndGet();
            } else if (o.state() == TagState.PLANNED) {
                counters.referrersPlanned.incrementAndGet();
            }
            if (named.subjectOfNext() && named.digest() != null && o.state() != TagState.FAILED) {
                next.computeIfAbsent(named.target().index(), i -> new LinkedHashSet<>()).add(named.digest());
            }
        }
        return next;
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        try {
            f.join();
            return new IllegalStateException("no failure");
        } catch (RuntimeException e) {
            return e;
        }
    }
}
