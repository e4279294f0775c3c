package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Platform;
import io.hagicode.imagemirror.oci.ProxyEndpoint;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the engine needs for one mirror, already validated: no Kubernetes types, so the CLI and the operator
 * build it alike.
 *
 * @param name        for logs and reports, e.g. {@code namespace/name} or the document name
 * @param platforms   empty means every platform, with digests preserved
 * @param concurrency blob transfers in flight for this mirror
 * @param retries     extra attempts per failed request, a blob upload counting as one request
 * @param registryProxies the proxy the spec names for a registry (by registry name), over the process's own; like
 *                    {@code retries}, read by whoever makes the job's registry clients, not by the engine itself
 * @param pins        manifests mirrored by digest besides the selected tags; copied as is, so not with {@code platforms}
 * @param referrers   which signatures, attestations and SBOMs travel with the mirrored manifests
 * @param requestedTags empty for a full sync; otherwise a targeted sync (a push event): only these tags, as far as
 *                    {@code tagFilter} selects them, without listing the source, and no digest pins
 */
public record MirrorJob(String name, Endpoint source, List<Endpoint> targets, TagFilter tagFilter,
                        List<Platform> platforms, int concurrency, int retries,
                        Map<String, ProxyEndpoint> registryProxies, List<DigestPin> pins, ReferrerPolicy referrers,
                        List<String> requestedTags) {
    /** A full sync. */
    public MirrorJob(String name, Endpoint source, List<Endpoint> targets, TagFilter tagFilter,
                     List<Platform> platforms, int concurrency, int retries,
                     Map<String, ProxyEndpoint> registryProxies, List<DigestPin> pins, ReferrerPolicy referrers) {
        this(name, source, targets, tagFilter, platforms, concurrency, retries, registryProxies, pins, referrers,
                List.of());
    }

    /** A full sync whose referrers all travel (the default). */
    public MirrorJob(String name, Endpoint source, List<Endpoint> targets, TagFilter tagFilter,
                     List<Platform> platforms, int concurrency, int retries,
                     Map<String, ProxyEndpoint> registryProxies, List<DigestPin> pins) {
        this(name, source, targets, tagFilter, platforms, concurrency, retries, registryProxies, pins,
                ReferrerPolicy.ALL);
    }

    /** A job without digest pins. */
    public MirrorJob(String name, Endpoint source, List<Endpoint> targets, TagFilter tagFilter,
                     List<Platform> platforms, int concurrency, int retries,
                     Map<String, ProxyEndpoint> registryProxies) {
        this(name, source, targets, tagFilter, platforms, concurrency, retries, registryProxies, List.of());
    }

    /** A job whose registries are reached as the process's proxy settings say. */
    public MirrorJob(String name, Endpoint source, List<Endpoint> targets, TagFilter tagFilter,
                     List<Platform> platforms, int concurrency, int retries) {
        this(name, source, targets, tagFilter, platforms, concurrency, retries, Map.of());
    }

    public MirrorJob {
        targets = List.copyOf(targets);
        platforms = List.copyOf(platforms);
        registryProxies = Map.copyOf(registryProxies);
        pins = List.copyOf(pins);
        Objects.requireNonNull(referrers, "referrers");
        requestedTags = List.copyOf(requestedTags);
        if (!pins.isEmpty() && !platforms.isEmpty()) {
            // A filtered index has another digest than the pinned one: the pin could not be pushed by its digest.
            throw new IllegalArgumentException("digest pins are copied as is and cannot be combined with platforms");
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a mirror needs at least one target");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative, was " + retries);
        }
    }

    /** The same mirror, syncing only {@code tags} (see {@code requestedTags}). */
    public MirrorJob forTags(List<String> tags) {
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("a targeted sync needs at least one tag");
        }
        return new MirrorJob(name, source, targets, tagFilter, platforms, concurrency, retries, registryProxies, pins,
                referrers, tags);
    }

    public boolean targeted() {
        return !requestedTags.isEmpty();
    }
}
