package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.ReferrerTags;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Carries the referrers of what a sync mirrored, after it: a referrer is written only to a target where its subject is
 * current or was just copied, so that no policy ever finds a signature for an image the target lacks. Level by level:
 * the referrers of the mirrored manifests, then the referrers of those (a signature of an SBOM), at most
 * {@value #MAX_DEPTH} deep. Each level is found at the source ({@link SourceReferrers}), compared with each target
 * ({@link ReferrerPlanner}), copied by the same path as images ({@link CopyPhase}: blobs verified and fanned out,
 * manifests after their blobs), and last the fallback tag indexes are written ({@link FallbackIndexWriter}).
 */
final class ReferrerSync {
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

    ReferrerSync(SourceReferrers source, ReferrerPlanner planner, Copies copies, SyncCounters counters,
                 RequestPools requests, Cancellation cancellation) {
        this.source = source;
        this.planner = planner;
        this.copies = copies;
        this.counters = counters;
        this.requests = requests;
        this.cancellation = cancellation;
    }

    /** The referrer outcomes per target index, for the {@code subjects} current on each target. */
    Map<Integer, List<ReferrerOutcome>> run(List<Target> targets, Map<Integer, Set<Digest>> subjects)
            throws InterruptedException {
        Map<Integer, List<ReferrerOutcome>> outcomes = new LinkedHashMap<>();
        targets.forEach(t -> outcomes.put(t.index(), new ArrayList<>()));
        Map<Integer, Set<Digest>> level = subjects;
        for (int depth = 0; depth < MAX_DEPTH && level.values().stream().anyMatch(s -> !s.isEmpty()); depth++) {
            cancellation.throwIfCancelled();
            level = runLevel(targets, level, outcomes);
        }
        return outcomes;
    }

    private Map<Integer, Set<Digest>> runLevel(List<Target> targets, Map<Integer, Set<Digest>> subjects,
                                               Map<Integer, List<ReferrerOutcome>> outcomes)
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

        if (!level.copies.isEmpty()) {
            copies.phase(level.book, indexing).run(List.copyOf(level.copies));
        }
        FallbackIndexWriter writer = new FallbackIndexWriter(indexing, counters, cancellation);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (ReferrerLevel.FallbackWrite w : List.copyOf(level.fallbackWrites)) {
            writes.add(CompletableFuture.runAsync(() -> writer.write(w, level),
                    requests.forRegistry(w.target().registry())));
        }
        Futures.awaitAll(writes);

        Map<Integer, Set<Digest>> next = new LinkedHashMap<>();
        for (ReferrerLevel.Named named : level.names()) {
            TagOutcome o = level.book.outcome(named.target(), named.name());
            if (o == null) {
                o = TagOutcome.failed(named.name(), null, "internal error: referrer " + named.name()
                        + " got no outcome on " + named.target(), RegistryErrorKind.OTHER);
            }
            outcomes.get(named.target().index()).add(ReferrerOutcome.of(named.subject().toString(), o));
            if (o.state() == TagState.COPIED) {
                counters.referrersCopied.incrementAndGet();
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
