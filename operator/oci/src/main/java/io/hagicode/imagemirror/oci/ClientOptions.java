package io.hagicode.imagemirror.oci;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings shared by every client a factory makes.
 *
 * @param maxAttempts        tries per idempotent request, including the first (image-syncer's --retries + 1)
 * @param extraCaFiles       PEM files of extra trusted CAs, added to the JVM's trust store
 * @param connectTimeout     TCP/TLS connect bound
 * @param readTimeout        bound on a stalled read: a connection that sends nothing for this long fails
 * @param maxManifestBytes   manifests above this are refused, so a hostile registry cannot exhaust memory
 * @param observer           sees every exchange (metrics)
 * @param initialBackoff     wait before the first retry; later waits double, with jitter
 * @param maxBackoff         cap on any wait between tries, including one asked for by {@code Retry-After}
 * @param chunkSize          bytes per PATCH when a blob is uploaded in chunks
 * @param forceChunkedUpload upload every blob in chunks instead of trying one monolithic PUT first
 * @param extraManifestTypes media types sent in {@code Accept} besides {@link MediaTypes#ACCEPTED_MANIFESTS}
 * @param proxies            which HTTP proxy each request goes through ({@link ProxySettings#NONE}: none)
 */
public record ClientOptions(int maxAttempts, List<Path> extraCaFiles, Duration connectTimeout, Duration readTimeout,
                            int maxManifestBytes, RequestObserver observer, Duration initialBackoff,
                            Duration maxBackoff, int chunkSize, boolean forceChunkedUpload,
                            List<String> extraManifestTypes, ProxySettings proxies) {
    public static final int DEFAULT_MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** Small enough for proxies that refuse big bodies, large enough that a 1 GiB layer needs only 256 requests. */
    public static final int DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

    public ClientOptions {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        extraCaFiles = List.copyOf(extraCaFiles);
        Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(readTimeout);
        Objects.requireNonNull(observer);
        Objects.requireNonNull(initialBackoff);
        Objects.requireNonNull(maxBackoff);
        if (maxManifestBytes < 1) {
            throw new IllegalArgumentException("maxManifestBytes must be positive, was " + maxManifestBytes);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive, was " + chunkSize);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative");
        }
        extraManifestTypes = List.copyOf(extraManifestTypes);
        Objects.requireNonNull(proxies);
    }

    /** The form before proxies existed: no proxy. */
    public ClientOptions(int maxAttempts, List<Path> extraCaFiles, Duration connectTimeout, Duration readTimeout,
                         int maxManifestBytes, RequestObserver observer, Duration initialBackoff,
                         Duration maxBackoff, int chunkSize, boolean forceChunkedUpload,
                         List<String> extraManifestTypes) {
        this(maxAttempts, extraCaFiles, connectTimeout, readTimeout, maxManifestBytes, observer, initialBackoff,
                maxBackoff, chunkSize, forceChunkedUpload, extraManifestTypes, ProxySettings.NONE);
    }

    /** The original six-setting form; the rest take their defaults. */
    public ClientOptions(int maxAttempts, List<Path> extraCaFiles, Duration connectTimeout, Duration readTimeout,
                         int maxManifestBytes, RequestObserver observer) {
        this(maxAttempts, extraCaFiles, connectTimeout, readTimeout, maxManifestBytes, observer,
                DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_CHUNK_SIZE, false, List.of());
    }

    public static ClientOptions defaults() {
        return new ClientOptions(4, List.of(), Duration.ofSeconds(15), Duration.ofSeconds(60),
                DEFAULT_MAX_MANIFEST_BYTES, RequestObserver.NONE);
    }

    public ClientOptions withMaxAttempts(int attempts) {
        return new ClientOptions(attempts, extraCaFiles, connectTimeout, readTimeout, maxManifestBytes, observer,
                initialBackoff, maxBackoff, chunkSize, forceChunkedUpload, extraManifestTypes, proxies);
    }

    public ClientOptions withExtraCaFiles(List<Path> files) {
        return new ClientOptions(maxAttempts, files, connectTimeout, readTimeout, maxManifestBytes, observer,
                initialBackoff, maxBackoff, chunkSize, forceChunkedUpload, extraManifestTypes, proxies);
    }

    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(maxAttempts, extraCaFiles, timeout, readTimeout, maxManifestBytes, observer,
                initialBackoff, maxBackoff, chunkSize, forceChunkedUpload, extraManifestTypes, proxies);
    }

    public ClientOptions withReadTimeout(Duration timeout) {
        return new ClientOptions(maxAttempts, extraCaFiles, connectTimeout, timeout, maxManifestBytes, observer,
                initialBackoff, maxBackoff, chunkSize, forceChunkedUpload, extraManifestTypes, proxies);
    }

    public ClientOptions withMaxManifestBytes(int bytes) {
        return new ClientOptions(maxAttempts, extraCaFiles, connectTimeout, readTimeout, bytes, observer,
                initialBackoff, maxBackoff, chunkSize, forceChunkedUpload, extraManifestTypes, proxies);
    }

    public ClientOptions withObserver(RequestObserver requestObserver) {
        return new ClientOptions(maxAttempts, extraCaFiles, connectTimeout, readTimeout, maxManifestBytes,
                requestObserver, initialBackoff, maxBackoff, chunkSize, forceChunkedUpload, extraManifestTypes, proxies);
    }

    public ClientOptions withBackoff(Duration initial, Duration max) {
        return new ClientOptions(maxAttempts, extraCaFiles, connectTimeout, readTimeout, maxManifestBytes, observer,
                initial, max, chunkSize, forceChunkedUpload, extraManifestTypes, proxies);
    }

    /** Chunk size for chunked uploads; {@code force} uploads every blob in chunks. */
    public ClientOptions withChunkedUpload(int size, boolean force) {
        return new ClientOptions(maxAttempts, extraCaFiles, connectTimeout, readTimeout, maxManifestBytes, observer,
                initialBackoff, maxBackoff, size, force, extraManifestTypes, proxies);
    }

    public ClientOptions withExtraManifestTypes(List<String> mediaTypes) {
        return new ClientOptions(maxAttempts, extraCaFiles, connectTimeout, readTimeout, maxManifestBytes, observer,
                initialBackoff, maxBackoff, chunkSize, forceChunkedUpload, mediaTypes, proxies);
    }

    public ClientOptions withProxies(ProxySettings settings) {
        return new ClientOptions(maxAttempts, extraCaFiles, connectTimeout, readTimeout, maxManifestBytes, observer,
                initialBackoff, maxBackoff, chunkSize, forceChunkedUpload, extraManifestTypes, settings);
    }
}
