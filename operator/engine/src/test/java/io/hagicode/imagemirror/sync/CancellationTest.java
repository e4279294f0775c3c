package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static io.hagicode.imagemirror.sync.Mirrors.T2;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.FakeRegistry.Op;
import io.hagicode.imagemirror.sync.fake.TestImages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Interrupting the syncing thread stops the work and tags nothing. */
class CancellationTest {

    @Test
    void anInterruptStopsTheSyncPromptlyThrowsAndTagsNothing() throws Exception {
        FakeRegistries registries = new FakeRegistries();
        FakeRegistry src = registries.add(SRC);
        FakeRegistry t1 = registries.add(T1);
        FakeRegistry t2 = registries.add(T2);
        TestImages images = new TestImages(src, "team/app", 13);
        images.tag("v1", images.image("linux/amd64", 4, 2_000_000).manifest());
        t1.slowUploads(50);
        t2.slowUploads(50);
        DefaultSyncEngine engine = Mirrors.engine(registries);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread syncing = new Thread(() -> {
            try {
                result.complete(engine.sync(Mirrors.twoTargets(), SyncListener.NONE));
            } catch (Throwable e) {
                result.complete(e);
            }
        });
        syncing.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t1.count(Op.PUSH_BLOB) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(t1.count(Op.PUSH_BLOB)).as("uploads started").isGreaterThanOrEqualTo(2);

        syncing.interrupt();

        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        syncing.join(5000);
        assertThat(t1.tags("mirror/app")).isEmpty();
        assertThat(t2.tags("mirror/app")).isEmpty();
        assertThat(registries.allClientsClosed()).isTrue();
        assertThat(Mirrors.liveSyncThreads()).isEmpty();
    }
}
