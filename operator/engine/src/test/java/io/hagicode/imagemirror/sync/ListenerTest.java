package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static io.hagicode.imagemirror.sync.Mirrors.T2;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.TestImages;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Progress callbacks are throttled, complete, and a listener that throws cannot break a sync. */
class ListenerTest {
    private final FakeRegistries registries = new FakeRegistries();
    private final FakeRegistry src = registries.add(SRC);
    private final TestImages images = new TestImages(src, "team/app", 21);

    ListenerTest() {
        registries.add(T1);
        registries.add(T2);
    }

    @Test
    void blobProgressIsThrottledPerBlobAndEndsWithTheFullSize() throws Exception {
        TestImages.Image image = images.image("linux/amd64", 2, 1_000_000);
        images.tag("v1", image.manifest());
        // a clock that never moves: after the first report of a blob, only its final one may follow
        Clock frozen = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        DefaultSyncEngine engine = new DefaultSyncEngine(registries, TransferLimits.defaults(), frozen,
                new BlobLocations(), Mirrors.FAST);
        RecordingListener listener = new RecordingListener();

        SyncReport report = engine.sync(Mirrors.twoTargets(), listener);

        assertThat(report.succeeded()).isTrue();
        var byBlob = listener.progress.stream().collect(Collectors.groupingBy(RecordingListener.Progress::blob));
        assertThat(byBlob).hasSize(image.blobs().size());
        byBlob.forEach((blob, events) -> {
            assertThat(events.size()).isBetween(1, 2);
            RecordingListener.Progress last = events.get(events.size() - 1);
            assertThat(last.done()).isEqualTo(last.total());
        });
        assertThat(report.totals().duration()).isZero();
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheSync() throws Exception {
        images.tag("v1", images.image("linux/amd64", 1, 1000).manifest());
        SyncListener rude = new SyncListener() {
            @Override
            public void onTagsSelected(List<String> selectedTags) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onTagFinished(Repository target, TagOutcome outcome) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onBlobProgress(Digest blob, long bytesDone, long bytesTotal) {
                throw new IllegalStateException("boom");
            }
        };

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), rude);

        assertThat(report.succeeded()).isTrue();
        assertThat(Mirrors.states(report, 0)).containsExactly(TagState.COPIED);
    }
}
