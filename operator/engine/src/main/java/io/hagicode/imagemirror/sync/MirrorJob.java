package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Platform;
import java.util.List;

/**
 * Everything the engine needs for one mirror, already validated: no Kubernetes types, so the CLI and the operator
 * build it alike.
 *
 * @param name        for logs and reports, e.g. {@code namespace/name} or the document name
 * @param platforms   empty means every platform, with digests preserved
 * @param concurrency blob transfers in flight for this mirror
 * @param retries     extra attempts per failed request, a blob upload counting as one request
 */
public record MirrorJob(String name, Endpoint source, List<Endpoint> targets, TagFilter tagFilter,
                        List<Platform> platforms, int concurrency, int retries) {
    public MirrorJob {
        targets = List.copyOf(targets);
        platforms = List.copyOf(platforms);
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
}
