package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static io.hagicode.imagemirror.sync.Mirrors.T2;
import static io.hagicode.imagemirror.sync.Mirrors.states;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.FakeRegistry.Op;
import io.hagicode.imagemirror.sync.fake.FakeRegistry.Write;
import io.hagicode.imagemirror.sync.fake.TestImages;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What reaches a target, in which order, and how often. */
class WriteOrderAndDedupeTest {
    private final FakeRegistries registries = new FakeRegistries();
    private FakeRegistry src;
    private FakeRegistry t1;
    private FakeRegistry t2;
    private TestImages images;
    private byte[] base;
    private TestImages.Image amd64;
    private TestImages.Image arm64;
    private Manifest index;

    @BeforeEach
    void seed() {
        src = registries.add(SRC);
        t1 = registries.add(T1);
        t2 = registries.add(T2);
        images = new TestImages(src, "team/app", 7);
        base = images.layer(20_000);
        amd64 = images.image("linux/amd64", 2, 10_000, base);
        arm64 = images.image("linux/arm64", 2, 10_000, base);
        index = images.index(amd64, arm64);
    }

    @Test
    void blobsComeBeforeTheirManifestChildrenBeforeTheIndexAndTheTagLast() throws Exception {
        images.tag("v1", index);

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        for (FakeRegistry target : List.of(t1, t2)) {
            List<Write> writes = target.writes();
            int amdManifest = position(writes, "manifest", amd64.manifest().digest().toString());
            int armManifest = position(writes, "manifest", arm64.manifest().digest().toString());
            int tag = position(writes, "tag", "v1");
            for (byte[] blob : amd64.blobs()) {
                assertThat(position(writes, "blob", Digest.sha256(blob).toString())).isLessThan(amdManifest);
            }
            for (byte[] blob : arm64.blobs()) {
                assertThat(position(writes, "blob", Digest.sha256(blob).toString())).isLessThan(armManifest);
            }
            assertThat(tag).isGreaterThan(amdManifest).isGreaterThan(armManifest);
            assertThat(tag).isEqualTo(writes.size() - 1);
        }
    }

    @Test
    void aLayerSharedByPlatformsAndTagsMovesOncePerTargetAndIsReadOnce() throws Exception {
        images.tag("v1", index);
        TestImages.Image other = images.image("linux/amd64", 1, 10_000, base);
        images.tag("other", other.manifest());

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        String shared = Digest.sha256(base).toString();
        for (FakeRegistry target : List.of(t1, t2)) {
            assertThat(target.writes()).filteredOn(w -> w.kind().equals("blob") && w.reference().equals(shared)).hasSize(1);
        }
        assertThat(src.count(Op.OPEN_BLOB)).isEqualTo(distinctBlobs(amd64, arm64, other));
        assertThat(report.totals().blobsCopied()).isEqualTo(2L * distinctBlobs(amd64, arm64, other));
    }

    @Test
    void tagsWithTheSameDigestCopyTheContentOnceThenPutEachTag() throws Exception {
        images.tag("v1", index);
        images.tag("latest", index);
        images.tag("stable", index);

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(states(report, 0)).containsOnly(TagState.COPIED).hasSize(3);
        assertThat(src.count(Op.GET_MANIFEST)).isEqualTo(3); // the index and its two children, once each
        for (FakeRegistry target : List.of(t1, t2)) {
            List<Write> writes = target.writes();
            assertThat(writes).filteredOn(w -> w.kind().equals("manifest")).hasSize(2);
            assertThat(writes).filteredOn(w -> w.kind().equals("tag")).extracting(Write::reference)
                    .containsExactlyInAnyOrder("v1", "latest", "stable");
            assertThat(writes).filteredOn(w -> w.kind().equals("blob")).hasSize(distinctBlobs(amd64, arm64));
        }
        assertThat(report.totals().manifestsPushed()).isEqualTo(2 * (2 + 3));
    }

    @Test
    void aTagMovedToContentTheTargetHasIsRetaggedWithoutReadingTheSource() throws Exception {
        images.tag("v1", index);
        DefaultSyncEngine engine = Mirrors.engine(registries);
        engine.sync(Mirrors.twoTargets(), SyncListener.NONE);
        images.tag("stable", index);
        src.resetCounters();
        t1.resetCounters();

        SyncReport report = engine.sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(Mirrors.outcome(report, 0, "stable").state()).isEqualTo(TagState.COPIED);
        assertThat(t1.tag("mirror/app", "stable")).contains(index.digest());
        assertThat(src.count(Op.GET_MANIFEST)).isZero();
        assertThat(t1.writes()).extracting(Write::kind).containsExactly("tag");
        assertThat(t1.count(Op.HAS_BLOB)).isZero();
    }

    @Test
    void blobsTheTargetAlreadyHasAreSkipped() throws Exception {
        images.tag("v1", index);
        for (byte[] blob : amd64.blobs()) {
            t1.seedBlob("mirror/app", blob);
        }

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(report.totals().blobsSkipped()).isEqualTo(amd64.blobs().size());
        assertThat(t1.writes()).filteredOn(w -> w.kind().equals("blob")).hasSize(distinctBlobs(amd64, arm64)
                - amd64.blobs().size());
        // still one source read per blob: t2 needed them all
        assertThat(src.count(Op.OPEN_BLOB)).isEqualTo(distinctBlobs(amd64, arm64));
    }

    @Test
    void anArtifactOfUnknownMediaTypeIsCopiedVerbatimWithItsBlobs() throws Exception {
        byte[] config = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] payload = images.layer(3000);
        src.seedBlob("team/app", config);
        src.seedBlob("team/app", payload);
        String json = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.chart+json\","
                + "\"config\":" + TestImages.descriptor("application/vnd.example.config+json", config)
                + ",\"blobs\":[" + TestImages.descriptor("application/vnd.example.payload", payload) + "]}";
        Manifest artifact = Manifest.of("application/vnd.example.chart+json",
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        images.tag("chart", artifact);

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        Manifest copied = t1.manifest("mirror/app", t1.tag("mirror/app", "chart").orElseThrow()).orElseThrow();
        assertThat(copied.bytes()).isEqualTo(artifact.bytes());
        assertThat(copied.mediaType()).isEqualTo("application/vnd.example.chart+json");
        assertThat(t2.hasBlob("mirror/app", Digest.sha256(payload))).isTrue();
        assertThat(t2.hasBlob("mirror/app", Digest.sha256(config))).isTrue();
    }

    private static int position(List<Write> writes, String kind, String reference) {
        for (int i = 0; i < writes.size(); i++) {
            if (writes.get(i).kind().equals(kind) && writes.get(i).reference().equals(reference)) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " " + reference + " in " + writes);
    }

    private static int distinctBlobs(TestImages.Image... imgs) {
        return (int) java.util.Arrays.stream(imgs).flatMap(i -> i.blobs().stream()).map(Digest::sha256).distinct().count();
    }
}
