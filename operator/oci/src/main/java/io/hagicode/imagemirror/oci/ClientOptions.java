package io.hagicode.imagemirror.oci;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings shared by every client a factory makes.
 *
 * @param maxAttempts     tries per idempotent request, including the first (image-syncer's --retries + 1)
 * @param extraCaFiles    PEM files of extra trusted CAs, added to the JVM's trust store
 * @param connectTimeout  TCP/TLS connect bound
 * @param readTimeout     bound on a stalled read: a connection that sends nothing for this long fails
 * @param maxManifestBytes manifests above this are refused, so a hostile registry cannot exhaust memory
 * @param observer        sees every exchange (metrics)
 */
public record ClientOptions(int maxAttempts, List<Path> extraCaFiles, Duration connectTimeout, Duration readTimeout,
                            int maxManifestBytes, RequestObserver observer) {
    public static final int DEFAULT_MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    public ClientOptions {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        extraCaFiles = List.copyOf(extraCaFiles);
        Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(readTimeout);
        Objects.requireNonNull(observer);
    }

    public static ClientOptions defaults() {
        return new ClientOptions(4, List.of(), Duration.ofSeconds(15), Duration.ofSeconds(60),
                DEFAULT_MAX_MANIFEST_BYTES, RequestObserver.NONE);
    }

    public ClientOptions withMaxAttempts(int attempts) {
        return new ClientOptions(attempts, extraCaFiles, connectTimeout, readTimeout, maxManifestBytes, observer);
    }

    public ClientOptions withExtraCaFiles(List<Path> files) {
        return new ClientOptions(maxAttempts, files, connectTimeout, readTimeout, maxManifestBytes, observer);
    }

    public ClientOptions withReadTimeout(Duration timeout) {
        return new ClientOptions(maxAttempts, extraCaFiles, connectTimeout, timeout, maxManifestBytes, observer);
    }

    public ClientOptions withObserver(RequestObserver requestObserver) {
        return new ClientOptions(maxAttempts, extraCaFiles, connectTimeout, readTimeout, maxManifestBytes, requestObserver);
    }
}
