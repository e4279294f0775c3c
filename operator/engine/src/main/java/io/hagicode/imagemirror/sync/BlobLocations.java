package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Repository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where blobs are known to live, learned from earlier transfers, so a blob already pushed to one repository of a
 * registry can be mounted into another repository there instead of uploaded again. Share one instance between syncs
 * (the operator's mirrors often push the same base layers to the same registry). A hint only: a mount that the registry
 * refuses falls back to an upload. Bounded: least recently used digests are forgotten, and a digest keeps at most a few
 * repositories. Thread-safe.
 */
public final class BlobLocations {
    private static final int REPOSITORIES_PER_DIGEST = 4;
    private final Map<Digest, Set<Repository>> locations;

    public BlobLocations() {
        this(100_000);
    }

    public BlobLocations(int maxDigests) {
        if (maxDigests < 1) {
            throw new IllegalArgumentException("maxDigests must be at least 1, was " + maxDigests);
        }
        this.locations = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Digest, Set<Repository>> eldest) {
                return size() > maxDigests;
            }
        };
    }

    /** {@code repository} holds {@code digest}. */
    public synchronized void record(Digest digest, Repository repository) {
        Set<Repository> repos = locations.computeIfAbsent(digest, d -> new LinkedHashSet<>());
        repos.remove(repository);
        repos.add(repository);
        if (repos.size() > REPOSITORIES_PER_DIGEST) {
            repos.remove(repos.iterator().next());
        }
    }

    /** A repository on {@code registry}, other than {@code except}, known to hold {@code digest}; newest first. */
    public synchronized Optional<Repository> find(Digest digest, String registry, Repository except) {
        Set<Repository> repos = locations.get(digest);
        if (repos == null) {
            return Optional.empty();
        }
        List<Repository> newestFirst = new ArrayList<>(repos);
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            Repository r = newestFirst.get(i);
            if (r.registry().equals(registry) && !r.equals(except)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public synchronized int size() {
        return locations.size();
    }
}
