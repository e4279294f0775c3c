package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.MediaTypes;
import io.hagicode.imagemirror.oci.Reference;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.oci.Tag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The diff: which selected tags and digest pins each target lacks. It HEADs every tag (a pin by its digest at the
 * source, and by its tag or digest at a target) at the source and at every target, concurrently, each on its
 * registry's request pool, and compares digests; it never GETs a source manifest, so a sync where nothing changed costs
 * no pulls against Docker Hub's limit. Where registries list their tags with digests in bulk ({@link ListedDigests}),
 * a target's HEAD is spared when its listing agrees with the source's listing or HEAD, and the source's HEAD when
 * every target was settled that way. Tags that are current are recorded UP_TO_DATE and tags that cannot be checked
 * FAILED; the rest are returned to be copied (or reported PLANNED in a dry run).
 */
final class SyncPlanner {
    private final RegistryClient sourceClient;
    private final Repository sourceRepository;
    private final List<Target> targets;
    private final PlatformSelection platforms;
    private final OutcomeBook book;
    private final RequestPools requests;
    private final Cancellation cancellation;
    private final FilteredIndexCheck filteredCheck;
    /** A target that refused our credentials refuses every tag: its remaining tags are not tried one by one. */
    private final Map<Integer, Failure> refusals = new ConcurrentHashMap<>();

    SyncPlanner(RegistryClient sourceClient, Repository sourceRepository, List<Target> targets,
                PlatformSelection platforms, OutcomeBook book, RequestPools requests, Cancellation cancellation) {
        this.sourceClient = sourceClient;
        this.sourceRepository = sourceRepository;
        this.targets = targets;
        this.platforms = platforms;
        this.book = book;
        this.requests = requests;
        this.cancellation = cancellation;
        this.filteredCheck = new FilteredIndexCheck(platforms, requests);
    }

    private enum Verdict { CURRENT, COPY }

    private record Decision(Target target, Wanted wanted, Descriptor source, Verdict verdict) {
        String tag() {
            return wanted.name();
        }
    }

    /**
     * One thing every target should have: a selected tag, or a digest pin. {@code name} names its outcome; it is looked
     * up as {@code atSource} and {@code atTarget} and pushed as {@code atTarget}.
     */
    private record Wanted(String name, Reference atSource, Reference atTarget, String what) {
        static Wanted tag(String tag) {
            return new Wanted(tag, new Tag(tag), new Tag(tag), "tag " + tag);
        }

        static Wanted pin(DigestPin pin) {
            return new Wanted(pin.outcomeName(), pin.digest(), pin.targetReference(), "pinned manifest " + pin.digest());
        }
    }

    /**
     * @param bulkListings whether to ask the registries' bulk tag listings: worth it for a whole repository, not for a
     *                     targeted sync of a pushed tag or two, where a listing of every page costs more than the HEADs
     */
    List<CopyTask> plan(List<String> selectedTags, List<DigestPin> pins, boolean dryRun, boolean bulkListings)
            throws InterruptedException {
        List<Wanted> tags = new ArrayList<>();
        selectedTags.forEach(t -> tags.add(Wanted.tag(t)));
        pins.forEach(p -> tags.add(Wanted.pin(p)));
        List<Map<String, CompletableFuture<Optional<Descriptor>>>> targetHeads = new ArrayList<>();
        for (Target target : targets) {
            targetHeads.add(new LinkedHashMap<>());
            if (target.unavailable() != null) {
                tags.forEach(tag -> book.fail(target, tag.name(), null, target.unavailable()));
            }
        }
        ListedDigests listed = bulkListings ? ListedDigests.fetch(sourceClient, sourceRepository, targets, requests)
                : ListedDigests.NONE;
        List<CompletableFuture<Decision>> decisions = new ArrayList<>();
        // Tag by tag, source and targets together: queueing every source HEAD before any target HEAD kept one registry
        // busy at a time (a no-op sync is nothing but these HEADs).
        for (Wanted tag : tags) {
            List<Target> toCheck = new ArrayList<>();
            for (Target target : targets) {
                if (target.unavailable() != null) {
                    continue;
                }
                Optional<Digest> agreed = tag.atSource() instanceof Tag ? listed.agreed(target, tag.name())
                        : Optional.empty();
                if (agreed.isPresent()) {
                    book.record(target, TagOutcome.of(tag.name(), TagState.UP_TO_DATE, agreed.get().toString()));
                } else {
                    toCheck.add(target);
                }
            }
            if (toCheck.isEmpty()) {
                continue;
            }
            CompletableFuture<Descriptor> sourceHead =
                    CompletableFuture.supplyAsync(() -> headSource(tag),
                            requests.forRegistry(sourceRepository.registry()));
            for (Target target : toCheck) {
                Optional<Digest> listedAtTarget = tag.atSource() instanceof Tag ? listed.atTarget(target, tag.name())
                        : Optional.empty();
                CompletableFuture<Optional<Descriptor>> head = listedAtTarget.isEmpty()
                        ? CompletableFuture.supplyAsync(() -> headTarget(target, tag),
                                requests.forRegistry(target.registry()))
                        : sourceHead.thenCompose(source -> source.digest().equals(listedAtTarget.get())
                                ? CompletableFuture.completedFuture(Optional.of(source))
                                : CompletableFuture.supplyAsync(() -> headTarget(target, tag),
                                        requests.forRegistry(target.registry())));
                targetHeads.get(target.index()).put(tag.name(), head);
                decisions.add(sourceHead.thenCombine(head, Heads::new)
                        .thenCompose(h -> decide(target, tag, h))
                        .whenComplete((d, error) -> {
                            if (error != null) {
                                book.fail(target, tag.name(), digestOf(sourceHead),
                                        Failure.of("checking " + tag.what(), error));
                            }
                        }));
            }
        }
        Futures.awaitAll(decisions);
        List<CopyTask> copies = new ArrayList<>();
        for (CompletableFuture<Decision> f : decisions) {
            if (f.isCompletedExceptionally()) {
                continue;
            }
            Decision d = f.join();
            if (d.verdict() == Verdict.CURRENT) {
                book.record(d.target(), TagOutcome.of(d.tag(), TagState.UP_TO_DATE, d.source().digest().toString()));
            } else {
                copies.add(new CopyTask(d.target(), d.tag(), d.source(), false, d.wanted().atTarget()));
            }
        }
        return dryRun ? copies : withContentPresence(copies, targetHeads);
    }

    private record Heads(Descriptor source, Optional<Descriptor> target) {
    }

    private CompletableFuture<Decision> decide(Target target, Wanted tag, Heads heads) {
        Descriptor source = heads.source();
        if (heads.target().isEmpty()) {
            return done(new Decision(target, tag, source, Verdict.COPY));
        }
        Descriptor atTarget = heads.target().get();
        if (atTarget.digest().equals(source.digest())) {
            return done(new Decision(target, tag, source, Verdict.CURRENT));
        }
        if (platforms.appliesTo(source.mediaType()) && !MediaTypes.isImageManifest(atTarget.mediaType())) {
            return filteredCheck.isCurrent(target, atTarget.digest(), source.digest())
                    .thenApply(current -> new Decision(target, tag, source, current ? Verdict.CURRENT : Verdict.COPY));
        }
        return done(new Decision(target, tag, source, Verdict.COPY));
    }

    private static CompletableFuture<Decision> done(Decision d) {
        return CompletableFuture.completedFuture(d);
    }

    /**
     * A tag to copy whose manifest the target already has (another tag points at it, or a HEAD by digest finds it)
     * needs only its tag PUT. Only when the pushed manifest is the source's own, i.e. no platform filter rewrites it.
     */
    private List<CopyTask> withContentPresence(List<CopyTask> copies,
                                               List<Map<String, CompletableFuture<Optional<Descriptor>>>> targetHeads)
            throws InterruptedException {
        Map<String, CompletableFuture<Boolean>> present = new LinkedHashMap<>();
        for (CopyTask c : copies) {
            if (platforms.appliesTo(c.source().mediaType())) {
                continue;
            }
            present.computeIfAbsent(c.target().index() + "@" + c.digest(), k -> {
                if (digestsAt(targetHeads.get(c.target().index())).contains(c.source().digest())) {
                    return CompletableFuture.completedFuture(true);
                }
                return CompletableFuture.supplyAsync(() -> hasManifest(c.target(), c.source().digest()),
                        requests.forRegistry(c.target().registry()));
            });
        }
        Futures.awaitAll(present.values());
        List<CopyTask> out = new ArrayList<>();
        for (CopyTask c : copies) {
            CompletableFuture<Boolean> f = present.get(c.target().index() + "@" + c.digest());
            out.add(c.withContentPresent(f != null && !f.isCompletedExceptionally() && f.join()));
        }
        return out;
    }

    private static Set<Digest> digestsAt(Map<String, CompletableFuture<Optional<Descriptor>>> heads) {
        Set<Digest> digests = new HashSet<>();
        heads.values().forEach(f -> {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                f.join().ifPresent(d -> digests.add(d.digest()));
            }
        });
        return digests;
    }

    private boolean hasManifest(Target target, Digest digest) {
        try {
            return target.client().headManifest(target.repository(), digest).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Descriptor headSource(Wanted tag) {
        cancellation.throwIfCancelled();
        try {
            return sourceClient.headManifest(sourceRepository, tag.atSource()).orElseThrow(() -> new RegistryException(
                    RegistryErrorKind.MANIFEST_UNKNOWN, 404, tag.atSource() instanceof Tag
                            ? "the tag is gone from the source" : "no manifest " + tag.atSource() + " at the source"));
        } catch (RuntimeException e) {
            throw Failure.of("checking " + tag.what() + " at source " + sourceRepository, e).exception();
        }
    }

    private Optional<Descriptor> headTarget(Target target, Wanted tag) {
        cancellation.throwIfCancelled();
        Failure refused = refusals.get(target.index());
        if (refused != null) {
            throw new Failure("not checked: the target refused an earlier request: " + refused.message(),
                    refused.kind()).exception();
        }
        try {
            return target.client().headManifest(target.repository(), tag.atTarget());
        } catch (RuntimeException e) {
            Failure failure = Failure.of("checking " + tag.what() + " at target " + target.repository(), e);
            if (failure.kind().isAuthFailure()) {
                refusals.putIfAbsent(target.index(), failure);
            }
            throw failure.exception();
        }
    }

    private static String digestOf(CompletableFuture<Descriptor> sourceHead) {
        return sourceHead.isDone() && !sourceHead.isCompletedExceptionally()
                ? sourceHead.join().digest().toString() : null;
    }
}
