package io.hagicode.imagemirror.bench;

import io.hagicode.imagemirror.testkit.DistributionRegistry;
import java.util.List;
import java.util.Map;

/** Two fresh, empty target registries; closing deletes their storage. */
final class TargetPair implements AutoCloseable {
    private final DistributionRegistry first;
    private final DistributionRegistry second;

    TargetPair() {
        this.first = DistributionRegistry.plain();
        DistributionRegistry started;
        try {
            started = DistributionRegistry.plain();
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
        this.second = started;
    }

    DistributionRegistry first() {
        return first;
    }

    DistributionRegistry second() {
        return second;
    }

    /** {@code host:port/repository} on each target, for an ImageMirror spec. */
    List<String> repositories(String repository) {
        return List.of(first.hostPort() + "/" + repository, second.hostPort() + "/" + repository);
    }

    /** Measures the CPU of {@code source} and both targets. */
    CpuMeter cpuMeterWith(DistributionRegistry source) {
        return new CpuMeter(List.of(source, first, second));
    }

    /** Fails unless both targets hold every tag with the expected digest. */
    void requireMirrored(String what, String repository, Map<String, String> tagDigests) {
        TargetCheck.requireMirrored(what, first.hostPort(), repository, tagDigests);
        TargetCheck.requireMirrored(what, second.hostPort(), repository, tagDigests);
    }

    @Override
    public void close() {
        try {
            first.close();
        } finally {
            second.close();
        }
    }
}
