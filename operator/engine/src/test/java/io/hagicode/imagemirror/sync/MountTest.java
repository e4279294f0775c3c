package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.FakeRegistry.Op;
import io.hagicode.imagemirror.sync.fake.TestImages;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cross-repository mounts instead of uploads, where the registry allows them. */
class MountTest {
    private final FakeRegistries registries = new FakeRegistries();
    private FakeRegistry src;
    private FakeRegistry t1;
    private TestImages.Image image;

    @BeforeEach
    void seed() {
        src = registries.add(SRC);
        t1 = registries.add(T1);
        TestImages images = new TestImages(src, "team/app", 9);
        image = images.image("linux/amd64", 2, 3000);
        images.tag("v1", image.manifest());
    }

    @Test
    void aTargetInTheSourceRegistryMountsFromTheSourceRepository() throws Exception {
        MirrorJob job = Mirrors.job(Mirrors.endpoint(SRC, "team/app"), Mirrors.endpoint(SRC, "backup/app"));

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(report.totals().blobsMounted()).isEqualTo(image.blobs().size());
        assertThat(report.totals().blobsCopied()).isZero();
        assertThat(src.count(Op.OPEN_BLOB)).isZero();
        assertThat(src.tag("backup/app", "v1")).contains(image.manifest().digest());
    }

    @Test
    void aRefusedMountFallsBackToAnUpload() throws Exception {
        src.refuseMounts();
        MirrorJob job = Mirrors.job(Mirrors.endpoint(SRC, "team/app"), Mirrors.endpoint(SRC, "backup/app"));

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(report.totals().blobsMounted()).isZero();
        assertThat(report.totals().blobsCopied()).isEqualTo(image.blobs().size());
    }

    @Test
    void blobLocationsLetALaterMirrorMountWhatAnEarlierOnePushed() throws Exception {
        FakeRegistry other = registries.add("other.test:5000");
        for (byte[] blob : image.blobs()) {
            other.seedBlob("vendor/app", blob);
        }
        other.seedTag("vendor/app", "v1", image.manifest());
        DefaultSyncEngine engine = new DefaultSyncEngine(registries, TransferLimits.defaults(), Clock.systemUTC(),
                new BlobLocations(), Mirrors.FAST);
        engine.sync(Mirrors.job(Mirrors.endpoint(SRC, "team/app"), Mirrors.endpoint(T1, "mirror/app")),
                SyncListener.NONE);

        SyncReport second = engine.sync(Mirrors.job(Mirrors.endpoint("other.test:5000", "vendor/app"),
                Mirrors.endpoint(T1, "mirror/vendor")), SyncListener.NONE);

        assertThat(second.succeeded()).isTrue();
        assertThat(second.totals().blobsMounted()).isEqualTo(image.blobs().size());
        assertThat(other.count(Op.OPEN_BLOB)).isZero();
        assertThat(t1.hasBlob("mirror/vendor", Digest.sha256(image.blobs().get(1)))).isTrue();
    }
}
