package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static io.hagicode.imagemirror.sync.Mirrors.T2;
import static io.hagicode.imagemirror.sync.Mirrors.states;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.TestImages;
import org.junit.jupiter.api.Test;

/**
 * Planning keeps the mirror's concurrency of HEADs in flight at every registry, each on a pool of its own: a slow far
 * target neither caps the others nor is capped below the concurrency by a shared pool.
 */
class RequestPoolsTest {
    private final FakeRegistries registries = new FakeRegistries();

    @Test
    void everyRegistryGetsTheConcurrencyOfHeadsInFlight() throws Exception {
        FakeRegistry src = registries.add(SRC);
        FakeRegistry near = registries.add(T1).slowHeads(20);
        FakeRegistry far = registries.add(T2).slowHeads(60);
        TestImages images = new TestImages(src, "team/app", 1);
        TestImages.Image image = images.image("linux/amd64", 1, 1000);
        for (int i = 0; i < 60; i++) {
            images.tag("t" + i, image.manifest());
        }
        DefaultSyncEngine engine = Mirrors.engine(registries);
        engine.sync(Mirrors.withConcurrency(Mirrors.twoTargets(), 12), SyncListener.NONE);
        src.slowHeads(5);

        SyncReport report = engine.sync(Mirrors.withConcurrency(Mirrors.twoTargets(), 12), SyncListener.NONE);

        assertThat(states(report, 0)).containsOnly(TagState.UP_TO_DATE).hasSize(60);
        assertThat(states(report, 1)).containsOnly(TagState.UP_TO_DATE).hasSize(60);
        assertThat(far.maxHeadsInFlight()).isEqualTo(12);
        assertThat(near.maxHeadsInFlight()).isEqualTo(12);
        assertThat(src.maxHeadsInFlight()).isEqualTo(12);
    }
}
