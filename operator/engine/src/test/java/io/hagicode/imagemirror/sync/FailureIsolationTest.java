package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static io.hagicode.imagemirror.sync.Mirrors.T2;
import static io.hagicode.imagemirror.sync.Mirrors.outcome;
import static io.hagicode.imagemirror.sync.Mirrors.states;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.MediaTypes;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.FakeRegistry.Op;
import io.hagicode.imagemirror.sync.fake.TestImages;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One failure never stops the rest, every failure says what and where, and retries are bounded. */
class FailureIsolationTest {
    private final FakeRegistries registries = new FakeRegistries();
    private FakeRegistry src;
    private FakeRegistry t1;
    private FakeRegistry t2;
    private TestImages images;
    private TestImages.Image good;
    private TestImages.Image alsoGood;

    @BeforeEach
    void seed() {
        src = registries.add(SRC);
        t1 = registries.add(T1);
        t2 = registries.add(T2);
        images = new TestImages(src, "team/app", 5);
        good = images.image("linux/amd64", 2, 2000);
        images.tag("good", good.manifest());
        alsoGood = images.image("linux/amd64", 1, 2000);
        images.tag("also-good", alsoGood.manifest());
    }

    @Test
    void aTargetThatRejectsOurCredentialsFailsItsTagsOnly() throws Exception {
        t1.requireCredentials(Credentials.basic("alice", "s3cret"));

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(report.targets().get(0).tags()).allSatisfy(o -> {
            assertThat(o.state()).isEqualTo(TagState.FAILED);
            assertThat(o.errorKind()).isEqualTo(RegistryErrorKind.UNAUTHORIZED);
            assertThat(o.error()).contains("t1.test:5000/mirror/app").doesNotContain("s3cret");
        });
        assertThat(states(report, 1)).containsOnly(TagState.COPIED).hasSize(2);
        assertThat(report.succeeded()).isFalse();
        assertThat(t1.count(Op.PUSH_BLOB) + t1.count(Op.PUT_MANIFEST)).isZero();
    }

    @Test
    void onceATargetRefusesUsItsOtherTagsAreNotTriedOneByOne() throws Exception {
        for (int i = 0; i < 30; i++) {
            images.tag("t" + i, good.manifest());
        }
        t1.requireCredentials(Credentials.basic("alice", "s3cret"));
        MirrorJob job = Mirrors.job(Mirrors.endpoint(SRC, "team/app"), Mirrors.endpoint(T1, "mirror/app"));

        SyncReport report = new DefaultSyncEngine(registries, TransferLimits.defaults(), java.time.Clock.systemUTC(),
                new BlobLocations(), Mirrors.FAST.withRequestThreads(1)).sync(job, SyncListener.NONE);

        assertThat(report.targets().get(0).count(TagState.FAILED)).isEqualTo(32);
        assertThat(t1.count(Op.HEAD_MANIFEST)).isEqualTo(1);
        assertThat(report.targets().get(0).tags()).filteredOn(o -> o.error().startsWith("not checked"))
                .hasSize(31).allSatisfy(o -> assertThat(o.errorKind()).isEqualTo(RegistryErrorKind.UNAUTHORIZED));
    }

    @Test
    void aTargetNoClientCanBeMadeForFailsItsTagsOnly() throws Exception {
        MirrorJob job = Mirrors.job(Mirrors.endpoint(SRC, "team/app"), Mirrors.endpoint("nowhere.test", "x/app"),
                Mirrors.endpoint(T2, "mirror/app"));

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(outcome(report, 0, "good").error()).contains("nowhere.test/x/app");
        assertThat(outcome(report, 0, "good").errorKind()).isEqualTo(RegistryErrorKind.NETWORK);
        assertThat(states(report, 1)).containsOnly(TagState.COPIED);
    }

    @Test
    void aTagWithABlobMissingAtTheSourceFailsNamingTheBlobAndTheOthersAreCopied() throws Exception {
        byte[] missing = images.layer(1000);
        var m = TestImages.json();
        m.put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST);
        m.set("config", TestImages.descriptor("application/vnd.oci.image.config.v1+json", good.blobs().get(0)));
        m.putArray("layers").add(TestImages.descriptor("application/vnd.oci.image.layer.v1.tar+gzip", missing));
        Manifest broken = Manifest.of(MediaTypes.OCI_MANIFEST, TestImages.bytes(m));
        images.tag("broken", broken);

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        for (int t = 0; t < 2; t++) {
            TagOutcome failed = outcome(report, t, "broken");
            assertThat(failed.state()).isEqualTo(TagState.FAILED);
            assertThat(failed.errorKind()).isEqualTo(RegistryErrorKind.BLOB_UNKNOWN);
            assertThat(failed.error()).contains(Digest.sha256(missing).toString());
            assertThat(outcome(report, t, "good").state()).isEqualTo(TagState.COPIED);
            assertThat(outcome(report, t, "also-good").state()).isEqualTo(TagState.COPIED);
        }
        assertThat(t1.tag("mirror/app", "broken")).isEmpty();
    }

    @Test
    void aSourceHeadFailureFailsThatTagEverywhere() throws Exception {
        src.fail(Op.HEAD_MANIFEST, "also-good", 1,
                () -> FakeRegistry.error(RegistryErrorKind.DENIED, 403, "DENIED: no pull access"));

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        for (int t = 0; t < 2; t++) {
            TagOutcome failed = outcome(report, t, "also-good");
            assertThat(failed.errorKind()).isEqualTo(RegistryErrorKind.DENIED);
            assertThat(failed.error()).contains("src.test:5000/team/app").contains("also-good");
            assertThat(outcome(report, t, "good").state()).isEqualTo(TagState.COPIED);
        }
    }

    @Test
    void aFailedUploadIsTriedAgainByTheEngine() throws Exception {
        // The client never retries an upload; the engine retries it as a whole.
        t1.fail(Op.PUSH_BLOB, 1, () -> FakeRegistry.error(RegistryErrorKind.SERVER_ERROR, 502, "bad gateway"));
        MirrorJob job = Mirrors.withConcurrency(Mirrors.withRetries(Mirrors.twoTargets(), 2), 1);

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void anUploadThatNeverSucceedsIsTriedRetriesPlusOneTimes() throws Exception {
        // The engine's upload retry is the only one an upload gets (the client repeats none of its requests).
        t1.fail(Op.PUSH_BLOB, Integer.MAX_VALUE,
                () -> FakeRegistry.error(RegistryErrorKind.SERVER_ERROR, 502, "bad gateway"));
        MirrorJob job = Mirrors.withConcurrency(Mirrors.withRetries(Mirrors.twoTargets(), 2), 1);

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(report.targets().get(0).tags()).extracting(TagOutcome::state).containsOnly(TagState.FAILED);
        assertThat(report.targets().get(0).tags())
                .allSatisfy(o -> assertThat(o.error()).contains("(3 attempts)").contains("bad gateway"));
        int distinctBlobs = (int) Stream.of(good, alsoGood).flatMap(i -> i.blobs().stream())
                .map(Digest::sha256).distinct().count();
        assertThat(t1.count(Op.PUSH_BLOB)).isEqualTo(3 * distinctBlobs);
        assertThat(states(report, 1)).containsOnly(TagState.COPIED);
    }

    @Test
    void withoutRetriesTheFirstFailureIsFinalAndSaysSo() throws Exception {
        t1.fail(Op.PUSH_BLOB, 1, () -> FakeRegistry.error(RegistryErrorKind.SERVER_ERROR, 502, "bad gateway"));
        MirrorJob job = Mirrors.withConcurrency(Mirrors.twoTargets(), 1);

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        long failed = report.targets().get(0).count(TagState.FAILED);
        assertThat(failed).isEqualTo(1);
        assertThat(report.targets().get(0).tags()).filteredOn(o -> o.state() == TagState.FAILED)
                .allSatisfy(o -> assertThat(o.error()).contains("(1 attempt)").contains("bad gateway"));
        assertThat(states(report, 1)).containsOnly(TagState.COPIED);
    }

    @Test
    void authFailuresAreNotRetried() throws Exception {
        t1.fail(Op.PUSH_BLOB, Integer.MAX_VALUE, () -> FakeRegistry.error(RegistryErrorKind.DENIED, 403, "DENIED"));
        MirrorJob job = Mirrors.withConcurrency(Mirrors.withRetries(Mirrors.twoTargets(), 3), 1);

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(report.targets().get(0).count(TagState.FAILED)).isEqualTo(2);
        // one attempt per distinct blob, no retry
        assertThat(t1.count(Op.PUSH_BLOB)).isEqualTo(good.blobs().size() + alsoGood.blobs().size());
    }

    @Test
    void anUploadRetryWaitsAsLongAsTheRegistryAsked() throws Exception {
        // The engine's own backoff is zero here (Mirrors.FAST), so only the Retry-After can make the sync take a second.
        t1.fail(Op.PUSH_BLOB, 1, () -> new RegistryException(RegistryErrorKind.TOO_MANY_REQUESTS, 429, "slow down") {
            @Override
            public Optional<Duration> retryAfter() {
                return Optional.of(Duration.ofSeconds(1));
            }
        });
        MirrorJob job = Mirrors.withConcurrency(Mirrors.withRetries(Mirrors.twoTargets(), 1), 1);

        long start = System.nanoTime();
        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aFailedManifestPushIsNotRetriedByTheEngine() throws Exception {
        // A manifest PUT is one request, which the client's transport retries; a retry here would multiply its tries.
        t1.fail(Op.PUT_MANIFEST, "good", 1, () -> FakeRegistry.error(RegistryErrorKind.SERVER_ERROR, 503, "busy"));
        MirrorJob job = Mirrors.withRetries(Mirrors.twoTargets(), 3);

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        // The fault matches either tag, whichever is pushed first.
        assertThat(states(report, 0)).containsExactlyInAnyOrder(TagState.FAILED, TagState.COPIED);
        assertThat(report.targets().get(0).tags()).filteredOn(o -> o.state() == TagState.FAILED)
                .allSatisfy(o -> assertThat(o.error()).contains("busy"));
        assertThat(t1.count(Op.PUT_MANIFEST)).as("one PUT per tag, none repeated").isEqualTo(2);
    }

    @Test
    void aTagPushThatFailsLeavesTheOtherTagsOfTheSameDigestAlone() throws Exception {
        images.tag("same", good.manifest());
        t1.fail(Op.PUT_MANIFEST, "same", 1, () -> FakeRegistry.error(RegistryErrorKind.DENIED, 403, "tag immutable"));

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(outcome(report, 0, "same").state()).isEqualTo(TagState.FAILED);
        assertThat(outcome(report, 0, "same").error()).contains("tag same").contains("tag immutable");
        assertThat(outcome(report, 0, "good").state()).isEqualTo(TagState.COPIED);
    }

    @Test
    void a429FromATargetShrinksThatRegistrysWindowOnly() throws Exception {
        t1.fail(Op.PUSH_BLOB, 1, () -> FakeRegistry.error(RegistryErrorKind.TOO_MANY_REQUESTS, 429, "slow down"));
        TransferLimits limits = TransferLimits.of(16, 8);
        MirrorJob job = Mirrors.withConcurrency(Mirrors.withRetries(Mirrors.twoTargets(), 1), 1);

        SyncReport report = Mirrors.engine(registries, limits).sync(job, SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(limits.currentLimit(T1)).isEqualTo(4);
        assertThat(limits.currentLimit(T2)).isEqualTo(8);
        assertThat(limits.currentLimit(SRC)).isEqualTo(8);
    }
}
