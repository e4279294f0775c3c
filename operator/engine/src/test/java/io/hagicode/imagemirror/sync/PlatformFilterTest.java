package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static io.hagicode.imagemirror.sync.Mirrors.T2;
import static io.hagicode.imagemirror.sync.Mirrors.outcome;
import static io.hagicode.imagemirror.sync.Mirrors.states;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.MediaTypes;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.FakeRegistry.Op;
import io.hagicode.imagemirror.sync.fake.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mirroring some platforms of an index. */
class PlatformFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeRegistries registries = new FakeRegistries();
    private FakeRegistry src;
    private FakeRegistry t1;
    private TestImages images;
    private TestImages.Image amd64;
    private TestImages.Image arm64;
    private TestImages.Image armv7;
    private Manifest index;

    @BeforeEach
    void seed() {
        src = registries.add(SRC);
        t1 = registries.add(T1);
        registries.add(T2);
        images = new TestImages(src, "team/app", 11);
        amd64 = images.image("linux/amd64", 2, 5000);
        arm64 = images.image("linux/arm64/v8", 2, 5000);
        armv7 = images.image("linux/arm/v7", 2, 5000);
        index = images.index(amd64, arm64, armv7);
        images.tag("v1", index);
    }

    @Test
    void aSubsetBecomesANewIndexOfTheSelectedEntriesWithTheSourceDigestAnnotated() throws Exception {
        MirrorJob job = Mirrors.withPlatforms(Mirrors.twoTargets(), "linux/arm64", "linux/amd64");

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(states(report, 0)).containsExactly(TagState.COPIED);
        Digest pushed = t1.tag("mirror/app", "v1").orElseThrow();
        assertThat(pushed).isNotEqualTo(index.digest());
        Manifest filtered = t1.manifest("mirror/app", pushed).orElseThrow();
        assertThat(filtered.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        JsonNode out = JSON.readTree(filtered.bytes());
        JsonNode in = JSON.readTree(index.bytes());
        assertThat(out.get("schemaVersion")).isEqualTo(in.get("schemaVersion"));
        assertThat(out.get("mediaType")).isEqualTo(in.get("mediaType"));
        assertThat(out.get("manifests")).containsExactly(in.get("manifests").get(0), in.get("manifests").get(1));
        assertThat(out.at("/annotations/io.hagicode.imagemirror.source-digest").asText()).isEqualTo(index.digest().toString());
        assertThat(out.at("/annotations/io.hagicode.imagemirror.platforms").asText()).isEqualTo("linux/amd64,linux/arm64");
        for (byte[] blob : armv7.blobs()) {
            assertThat(t1.hasBlob("mirror/app", Digest.sha256(blob))).isFalse();
        }
        assertThat(t1.manifest("mirror/app", armv7.manifest().digest())).isEmpty();
        assertThat(outcome(report, 0, "v1").digest()).isEqualTo(index.digest().toString());
    }

    @Test
    void theNextSyncSeesTheFilteredCopyIsCurrentWithoutAskingTheSourceForAManifest() throws Exception {
        MirrorJob job = Mirrors.withPlatforms(Mirrors.twoTargets(), "linux/amd64");
        DefaultSyncEngine engine = Mirrors.engine(registries);
        engine.sync(job, SyncListener.NONE);
        src.resetCounters();
        t1.resetCounters();

        SyncReport again = engine.sync(job, SyncListener.NONE);

        assertThat(states(again, 0)).containsExactly(TagState.UP_TO_DATE);
        assertThat(states(again, 1)).containsExactly(TagState.UP_TO_DATE);
        assertThat(src.count(Op.GET_MANIFEST)).isZero();
        assertThat(t1.count(Op.GET_MANIFEST)).isEqualTo(1);
        assertThat(t1.writes()).isEmpty();
    }

    @Test
    void aChangedFilterOrAChangedSourceIndexIsCopiedAgain() throws Exception {
        DefaultSyncEngine engine = Mirrors.engine(registries);
        engine.sync(Mirrors.withPlatforms(Mirrors.twoTargets(), "linux/amd64"), SyncListener.NONE);

        SyncReport otherFilter = engine.sync(Mirrors.withPlatforms(Mirrors.twoTargets(), "linux/arm64"),
                SyncListener.NONE);
        assertThat(states(otherFilter, 0)).containsExactly(TagState.COPIED);

        images.tag("v1", images.index(amd64, arm64));
        SyncReport newSource = engine.sync(Mirrors.withPlatforms(Mirrors.twoTargets(), "linux/arm64"),
                SyncListener.NONE);
        assertThat(states(newSource, 0)).containsExactly(TagState.COPIED);
    }

    @Test
    void selectingEveryPlatformPushesTheOriginalBytes() throws Exception {
        MirrorJob job = Mirrors.withPlatforms(Mirrors.twoTargets(), "linux/amd64", "linux/arm64", "linux/arm");

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(states(report, 0)).containsExactly(TagState.COPIED);
        assertThat(t1.tag("mirror/app", "v1")).contains(index.digest());
        assertThat(t1.manifest("mirror/app", index.digest()).orElseThrow().bytes()).isEqualTo(index.bytes());
        src.resetCounters();
        assertThat(states(Mirrors.engine(registries).sync(job, SyncListener.NONE), 0))
                .containsExactly(TagState.UP_TO_DATE);
        assertThat(src.count(Op.GET_MANIFEST)).isZero();
    }

    @Test
    void anIndexWithoutTheWantedPlatformFailsNamingFilterAndPlatforms() throws Exception {
        TestImages.Image single = images.image("linux/s390x", 1, 1000);
        images.tag("single", single.manifest());
        MirrorJob job = Mirrors.withPlatforms(Mirrors.twoTargets(), "linux/s390x");

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        TagOutcome failed = outcome(report, 0, "v1");
        assertThat(failed.state()).isEqualTo(TagState.FAILED);
        assertThat(failed.errorKind()).isEqualTo(RegistryErrorKind.MANIFEST_UNKNOWN);
        assertThat(failed.error()).contains("linux/s390x").contains("linux/amd64, linux/arm/v7, linux/arm64/v8")
                .contains(index.digest().toString());
        // a single-platform manifest is copied as is
        assertThat(outcome(report, 0, "single").state()).isEqualTo(TagState.COPIED);
        assertThat(t1.tag("mirror/app", "single")).contains(single.manifest().digest());
    }

    @Test
    void aDockerManifestListKeepsItsMediaType() throws Exception {
        TestImages docker = new TestImages(src, "team/app", 12).docker();
        Manifest list = docker.index(docker.image("linux/amd64", 1, 1000), docker.image("linux/arm64", 1, 1000));
        docker.tag("dock", list);
        MirrorJob job = Mirrors.withFilter(Mirrors.withPlatforms(Mirrors.twoTargets(), "linux/arm64"),
                new TagFilter(java.util.List.of(java.util.regex.Pattern.compile("dock")), java.util.List.of(), null, null));

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(states(report, 0)).containsExactly(TagState.COPIED);
        Manifest pushed = t1.manifest("mirror/app", t1.tag("mirror/app", "dock").orElseThrow()).orElseThrow();
        assertThat(pushed.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        JsonNode json = JSON.readTree(pushed.bytes());
        assertThat(json.get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(json.get("manifests")).hasSize(1);
        assertThat(json.at("/manifests/0/platform/architecture").asText()).isEqualTo("arm64");
    }
}
