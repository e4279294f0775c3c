package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import io.hagicode.imagemirror.oci.Repository;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Failure reasons, what the engine retries, and the blob location cache. */
class SmallPartsTest {
    private static final Digest D1 = Digest.sha256(new byte[] {1});
    private static final Digest D2 = Digest.sha256(new byte[] {2});

    @Test
    void aFailureIsOneLineWithTheContextAndTheKindFromTheCauseChain() {
        RegistryException cause = new RegistryException(RegistryErrorKind.DENIED, 403, "denied:\n  push not allowed");

        Failure f = Failure.of("uploading blob " + D1 + " to r/x", new CompletionException(new IOException("wrap", cause)));

        assertThat(f.kind()).isEqualTo(RegistryErrorKind.DENIED);
        assertThat(f.message()).startsWith("uploading blob " + D1 + " to r/x: DENIED: ").doesNotContain("\n");
        assertThat(Failure.of("ctx", f.exception())).isEqualTo(f);
        assertThat(Failure.of("ctx", new IOException("reset")).kind()).isEqualTo(RegistryErrorKind.NETWORK);
        assertThat(Failure.of("ctx", new IllegalStateException("bug")).kind()).isEqualTo(RegistryErrorKind.OTHER);
        assertThat(new Failure("x".repeat(2000), RegistryErrorKind.OTHER).message()).hasSizeLessThanOrEqualTo(500);
    }

    @Test
    void theEngineRetriesTransientFaultsAndDigestMismatchesButNotRefusals() {
        assertThat(Failure.isRetryable(new RegistryException(RegistryErrorKind.SERVER_ERROR, 503, "x"))).isTrue();
        assertThat(Failure.isRetryable(new RegistryException(RegistryErrorKind.TOO_MANY_REQUESTS, 429, "x"))).isTrue();
        assertThat(Failure.isRetryable(new RegistryException(RegistryErrorKind.DIGEST_MISMATCH, 0, "x"))).isTrue();
        assertThat(Failure.isRetryable(new IOException("reset"))).isTrue();
        assertThat(Failure.isRetryable(new RegistryException(RegistryErrorKind.UNAUTHORIZED, 401, "x"))).isFalse();
        assertThat(Failure.isRetryable(new RegistryException(RegistryErrorKind.NAME_UNKNOWN, 404, "x"))).isFalse();
        assertThat(Failure.isRetryable(new InterruptedIOException("cancelled"))).isFalse();
        assertThat(Failure.isRetryable(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void blobLocationsFindAnotherRepositoryOnTheSameRegistryAndForgetTheOldest() {
        BlobLocations locations = new BlobLocations(1);
        Repository a = new Repository("r.test", "team/a");
        Repository b = new Repository("r.test", "team/b");
        Repository elsewhere = new Repository("other.test", "team/a");
        locations.record(D1, a);
        locations.record(D1, elsewhere);

        assertThat(locations.find(D1, "r.test", b)).contains(a);
        assertThat(locations.find(D1, "r.test", a)).isEmpty();
        assertThat(locations.find(D1, "x.test", a)).isEmpty();

        locations.record(D2, b);
        assertThat(locations.size()).isEqualTo(1);
        assertThat(locations.find(D1, "r.test", b)).isEmpty();
        assertThat(locations.find(D2, "r.test", a)).contains(b);
    }
}
