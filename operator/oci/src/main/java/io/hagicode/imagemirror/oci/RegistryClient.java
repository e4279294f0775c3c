package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI Distribution API of one registry, seen with one set of credentials. The transport retries single idempotent
 * requests (408/429/5xx and connection faults, {@link ClientOptions#maxAttempts()} tries in all); {@link #pushBlob} is
 * the exception, retried as a whole by the caller. Every failure is a {@link RegistryException}. Implementations are
 * thread-safe.
 */
public interface RegistryClient extends AutoCloseable {

    /** The registry this client talks to, as in {@link Repository#registry()}. */
    String registry();

    /** Every tag of the repository, following {@code Link} pagination. */
    List<String> listTags(Repository repository);

    /**
     * Every tag's manifest digest in a few requests, where the registry offers such a listing beside the Distribution
     * API (Docker Hub's repository tags API, Azure Container Registry's {@code _tags}); empty where it offers none,
     * without a request. Tags listed without a digest are left out. A hint, never the last word: the engine uses it
     * only where it agrees with another answer, and HEADs otherwise. Throws a {@link RegistryException} when the
     * listing fails or does not add up.
     */
    default Optional<Map<String, Digest>> listTagDigests(Repository repository) {
        return Optional.empty();
    }

    /**
     * HEAD of a manifest by tag or digest: its digest (from {@code Docker-Content-Digest}), media type and size, or
     * empty when the registry has no such manifest. Makes no GET, so it does not count against Docker Hub's pull limit.
     */
    Optional<Descriptor> headManifest(Repository repository, Reference reference);

    /**
     * GET of a manifest by tag or digest, with every supported type in {@code Accept}. The digest is computed from the
     * bytes; when {@code reference} is a digest, a mismatch is a {@link RegistryErrorKind#DIGEST_MISMATCH}. Sizes are
     * bounded ({@link RegistryErrorKind#TOO_LARGE}).
     */
    Manifest getManifest(Repository repository, Reference reference);

    /** PUT of the manifest's exact bytes under {@code reference} (a tag, or its digest). */
    void putManifest(Repository repository, Reference reference, Manifest manifest);

    /**
     * PUT of a manifest that names a {@code subject}, by its digest. True when the registry answered {@code OCI-Subject},
     * i.e. it has the referrers API and indexed the manifest itself; false means the caller maintains the subject's
     * fallback tag ({@link ReferrerTags#fallback}). A client that does not know the header says false.
     */
    default boolean putReferrer(Repository repository, Digest digest, Manifest manifest) {
        putManifest(repository, digest, manifest);
        return false;
    }

    /**
     * The referrers of {@code subject} by the OCI 1.1 referrers API, every page followed ({@code Link}), only those of
     * {@code artifactType} when it is not null; empty when the registry has no referrers API (it answered 404). A
     * client that does not know the API says empty, which sends the caller to the fallback tag.
     */
    default Optional<List<Referrer>> listReferrers(Repository repository, Digest subject, String artifactType) {
        return Optional.empty();
    }

    /** HEAD of a blob. */
    boolean hasBlob(Repository repository, Digest digest);

    /**
     * Opens a blob for streaming. The stream checks the size and the digest as it is read and throws a
     * {@link RegistryException} of kind {@link RegistryErrorKind#DIGEST_MISMATCH} at the end when they differ, so a
     * corrupt blob can never complete an upload. Redirects to object storage are followed without credentials. A
     * connection cut mid-blob is resumed with a {@code Range} request from where it broke, under the digest check.
     */
    InputStream openBlob(Repository repository, Descriptor blob);

    /**
     * The blob's bytes, the first ones taken from {@code prefix} (what the caller kept of an earlier read of this blob,
     * e.g. on disk), the rest from the registry from where the prefix ended, with a {@code Range} request. The digest
     * and size check of {@link #openBlob(Repository, Descriptor)} covers every byte, the prefix's too, so a corrupt
     * prefix fails the read with {@link RegistryErrorKind#DIGEST_MISMATCH}. A prefix that fails to read simply ends
     * there. By default the prefix is closed unread and the whole blob is read from the registry.
     */
    default InputStream openBlob(Repository repository, Descriptor blob, InputStream prefix) {
        try {
            prefix.close();
        } catch (IOException ignored) {
            // nothing of it was used
        }
        return openBlob(repository, blob);
    }

    /**
     * Asks the registry to mount {@code digest} from {@code from}, a repository on the same registry. True when it did
     * (201); false when it refused or started an upload instead, in which case the caller uploads.
     */
    boolean mountBlob(Repository repository, Digest digest, Repository from);

    /**
     * Uploads a blob of exactly {@code blob.size()} bytes: POST, then a streamed monolithic PUT, falling back to chunked
     * PATCH uploads where the registry refuses large single requests. Relative and absolute {@code Location} headers
     * are both handled. One attempt, none of whose requests is retried: the caller retries the upload as a whole, with
     * content opened afresh, honouring {@link RegistryException#retryAfter()}. A connection cut mid-upload is not a
     * retry: when the session kept bytes, the attempt continues in chunks from there ({@link BlobSource#openAt}).
     */
    void pushBlob(Repository repository, Descriptor blob, BlobSource content);

    /**
     * Makes now the exchanges a first request for {@code repository} would make: the {@code /v2/} ping (with the https
     * try of an insecure registry) and a pull token where the registry wants one, so that a request made later costs
     * only its own round trip. Best effort: what fails here is left for that request to meet and report.
     */
    default void prepare(Repository repository) {
    }

    @Override
    void close();

    /** Content to upload, opened each time the upload sends it: once, or again after a 401 or to fall back to chunks. */
    @FunctionalInterface
    interface BlobSource {
        InputStream open();

        /**
         * The content from byte {@code offset} on, to continue an upload whose session kept that many bytes. By
         * default the content is opened and read up to there.
         */
        default InputStream openAt(long offset) {
            InputStream in = open();
            try {
                in.skipNBytes(offset);
                return in;
            } catch (IOException e) {
                try {
                    in.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new UncheckedIOException(e);
            }
        }
    }
}
