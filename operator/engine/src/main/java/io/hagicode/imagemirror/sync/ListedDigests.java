package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.Repository;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the registries' bulk tag listings say ({@link RegistryClient#listTagDigests}: Docker Hub's tags API, ACR's
 * {@code _tags}), fetched once per sync before the HEADs, so that the planner can spare them. A listing is a hint,
 * never the last word: it only ever confirms that a target is up to date, and only where it agrees with a second,
 * independent answer about the source: the source's own listing, or the source's HEAD. Any difference, a tag missing
 * from a listing, a listing that failed, was refused or did not add up: the tag is HEADed as without listings. A
 * listing therefore never makes the planner copy (only HEADs decide to write) and never leaves a target stale unless
 * both answers are wrong the same way. The one case that is: the source's listing lags a push by a few seconds and the
 * target still holds the tag's previous digest, which the next sync after the listing caught up repairs.
 */
final class ListedDigests {
    private static final Logger LOG = LoggerFactory.getLogger(ListedDigests.class);

    /** No listing: every tag is HEADed. */
    static final ListedDigests NONE = new ListedDigests(Map.of(), Map.of());

    private final Map<String, Digest> source;
    private final Map<Integer, Map<String, Digest>> targets;

    private ListedDigests(Map<String, Digest> source, Map<Integer, Map<String, Digest>> targets) {
        this.source = source;
        this.targets = targets;
    }

    /** The listings of the source and of every available target, fetched at once, each on its registry's pool. */
    static ListedDigests fetch(RegistryClient sourceClient, Repository sourceRepository, List<Target> targets,
                               RequestPools pools) throws InterruptedException {
        CompletableFuture<Map<String, Digest>> source = CompletableFuture.supplyAsync(
                () -> listing(sourceClient, sourceRepository), pools.forRegistry(sourceRepository.registry()));
        Map<Integer, CompletableFuture<Map<String, Digest>>> atTargets = new HashMap<>();
        for (Target target : targets) {
            if (target.unavailable() == null) {
                atTargets.put(target.index(), CompletableFuture.supplyAsync(
                        () -> listing(target.client(), target.repository()), pools.forRegistry(target.registry())));
            }
        }
        Futures.awaitAll(List.of(source));
        Futures.awaitAll(atTargets.values());
        Map<Integer, Map<String, Digest>> listed = new HashMap<>();
        atTargets.forEach((index, f) -> listed.put(index, f.isCompletedExceptionally() ? Map.of() : f.join()));
        return new ListedDigests(source.isCompletedExceptionally() ? Map.of() : source.join(), listed);
    }

    private static Map<String, Digest> listing(RegistryClient client, Repository repository) {
        try {
            return client.listTagDigests(repository).orElse(Map.of());
        } catch (RuntimeException e) {
            LOG.debug("{}: no bulk tag listing, every tag is checked with a HEAD: {}", repository, e.getMessage());
            return Map.of();
        }
    }

    /** The digest both the source's and {@code target}'s listings give {@code tag}, when they agree. */
    Optional<Digest> agreed(Target target, String tag) {
        Digest atSource = source.get(tag);
        return atSource != null && atSource.equals(atTarget(target, tag).orElse(null))
                ? Optional.of(atSource) : Optional.empty();
    }

    /** What {@code target}'s listing gives {@code tag}, to compare with the source's HEAD. */
    Optional<Digest> atTarget(Target target, String tag) {
        return Optional.ofNullable(targets.getOrDefault(target.index(), Map.of()).get(tag));
    }
}
