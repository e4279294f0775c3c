package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Repository;
import java.util.ArrayList;
import java.util.List;

/**
 * Which repositories to try a cross-repository mount from, before uploading a blob to a target: the source repository
 * when source and target share a registry, then the newest repository of the target's registry that
 * {@link BlobLocations} knows to hold the blob. A policy only: the mount is the client's
 * ({@code RegistryClient.mountBlob}), and a registry that refuses it (the target's credentials may not read the other
 * repository) means an upload. It also learns where blobs now live, for the mounts of later transfers and syncs.
 */
final class MountPolicy {
    private final Repository source;
    private final BlobLocations locations;

    MountPolicy(Repository source, BlobLocations locations) {
        this.source = source;
        this.locations = locations;
    }

    /** Repositories to ask, in order, to lend {@code digest} to {@code target}; empty when none is known. */
    List<Repository> candidates(Repository target, Digest digest) {
        List<Repository> candidates = new ArrayList<>(2);
        if (source.registry().equals(target.registry()) && !source.equals(target)) {
            candidates.add(source);
        }
        locations.find(digest, target.registry(), target).filter(r -> !candidates.contains(r))
                .ifPresent(candidates::add);
        return candidates;
    }

    /** {@code repository} holds {@code digest} now (it had it, it was mounted there, or uploaded). */
    void learn(Digest digest, Repository repository) {
        locations.record(digest, repository);
    }
}
