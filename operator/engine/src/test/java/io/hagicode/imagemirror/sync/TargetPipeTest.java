package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounded hand-over between the source reader and one upload. */
class TargetPipeTest {
    private static final byte[] BLOB = new byte[10_000];

    static {
        for (int i = 0; i < BLOB.length; i++) {
            BLOB[i] = (byte) (i * 31);
        }
    }

    private static byte[] chunk(int from, int to) {
        return Arrays.copyOfRange(BLOB, from, to);
    }

    private static TargetPipe.SoloOpener solo(AtomicLong openedAt) {
        return offset -> {
            openedAt.set(offset);
            InputStream in = new ByteArrayInputStream(BLOB);
            in.skipNBytes(offset);
            return in;
        };
    }

    @Test
    void chunksFlowThroughInOrderAndTheStreamEndsWhenTheReaderSaysSo() throws Exception {
        TargetPipe pipe = new TargetPipe(2, TimeUnit.SECONDS.toNanos(5));
        CompletableFuture<byte[]> consumer = CompletableFuture.supplyAsync(() -> readAll(pipe.stream(offset -> {
            throw new AssertionError("never detached");
        })));

        for (int i = 0; i < BLOB.length; i += 1000) {
            assertThat(pipe.put(chunk(i, i + 1000))).isEqualTo(TargetPipe.Put.ACCEPTED);
        }
        pipe.end();

        assertThat(consumer.get(5, TimeUnit.SECONDS)).isEqualTo(BLOB);
    }

    @Test
    void aFullPipeStallsTheReaderOnlyForTheBudget() throws Exception {
        TargetPipe pipe = new TargetPipe(1, TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(pipe.put(chunk(0, 1000))).isEqualTo(TargetPipe.Put.ACCEPTED);

        assertThat(pipe.put(chunk(1000, 2000))).isEqualTo(TargetPipe.Put.STALLED);
        assertThat(pipe.put(chunk(1000, 2000))).isEqualTo(TargetPipe.Put.STALLED);
    }

    @Test
    void aDetachedStreamDrainsWhatItHasThenContinuesFromItsOwnSourceAtTheRightOffset() throws Exception {
        TargetPipe pipe = new TargetPipe(2, 0);
        AtomicLong openedAt = new AtomicLong(-1);
        pipe.put(chunk(0, 1000));
        pipe.put(chunk(1000, 3000));
        assertThat(pipe.put(chunk(3000, 4000))).isEqualTo(TargetPipe.Put.STALLED);
        pipe.detach();

        byte[] got = readAll(pipe.stream(solo(openedAt)));

        assertThat(got).isEqualTo(BLOB);
        assertThat(openedAt.get()).isEqualTo(3000);
        assertThat(pipe.isDetached()).isTrue();
    }

    @Test
    void aSourceFailureReachesTheUploadAfterWhatWasAlreadyGiven() throws Exception {
        TargetPipe pipe = new TargetPipe(4, 0);
        pipe.put(chunk(0, 1000));
        pipe.fail(new IOException("connection reset"));
        InputStream in = pipe.stream(offset -> null);

        assertThat(in.readNBytes(1000)).isEqualTo(chunk(0, 1000));
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("connection reset");
    }

    @Test
    void anAbandonedPipeTellsTheReaderToStopFeedingIt() throws Exception {
        TargetPipe pipe = new TargetPipe(1, TimeUnit.SECONDS.toNanos(5));
        pipe.put(chunk(0, 1000));
        CompletableFuture<TargetPipe.Put> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return pipe.put(chunk(1000, 2000));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        pipe.stream(offset -> null).close();

        assertThat(blocked.get(5, TimeUnit.SECONDS)).isEqualTo(TargetPipe.Put.GONE);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
