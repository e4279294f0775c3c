package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool's file, budget and replays, on a real file system. */
class BlobSpoolTest {
    private static final long KIB = 1024;

    @TempDir
    Path dir;

    private static Descriptor blob(long size) {
        return new Descriptor("application/octet-stream",
                Digest.sha256(("blob of " + size).getBytes(StandardCharsets.UTF_8)), size);
    }

    private SpoolSpace space(long threshold, long budget) {
        return new SpoolSpace(new EngineTuning.Spool(dir, threshold, budget));
    }

    @Test
    void aBlobUnderTheThresholdGetsNoSpool() {
        assertThat(space(64 * KIB, 1024 * KIB).spoolFor(blob(64 * KIB - 1))).isNull();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void spoolsShareTheBudgetAndCloseDeletesTheFileAndFreesItsShare() throws Exception {
        SpoolSpace space = space(64 * KIB, 300 * KIB);
        BlobSpool first = space.spoolFor(blob(200 * KIB));
        assertThat(first).isNotNull();
        assertThat(first.file()).exists();
        // 100 KiB are left: enough for a prefix of a 200 KiB blob (at least the threshold), then nothing.
        BlobSpool prefix = space.spoolFor(blob(200 * KIB + 1));
        assertThat(prefix).isNotNull();
        assertThat(space.reserved()).isEqualTo(300 * KIB);
        assertThat(space.spoolFor(blob(64 * KIB))).as("over budget").isNull();
        // The budget is the directory's, whichever sync asks.
        assertThat(space(64 * KIB, 300 * KIB).spoolFor(blob(64 * KIB))).isNull();

        first.close();
        prefix.close();

        assertThat(dir).isEmptyDirectory();
        assertThat(space.reserved()).isZero();
        BlobSpool again = space.spoolFor(blob(64 * KIB));
        assertThat(again).isNotNull();
        again.close();
    }

    @Test
    void theFirstUseOfADirectoryDeletesTheSpoolFilesAnEarlierProcessLeftBehind() throws Exception {
        Path left = Files.writeString(dir.resolve("imagemirror-spool-123.blob"), "stale");
        Path other = Files.writeString(dir.resolve("notes.txt"), "not a spool file");

        BlobSpool spool = space(1, 1024).spoolFor(blob(6));
        spool.close();

        assertThat(left).doesNotExist();
        assertThat(other).exists();
    }

    @Test
    void aPrefixSpoolKeepsOnlyWhatItWasGranted() throws Exception {
        try (BlobSpool spool = space(1, 3).spoolFor(blob(8))) {
            spool.append(new byte[] {1, 2});
            spool.append(new byte[] {3, 4});
            assertThat(spool.growing()).isFalse();
            try (InputStream replay = spool.replay()) {
                assertThat(replay.readAllBytes()).containsExactly(1, 2, 3);
            }
        }
    }

    @Test
    void aReplayThatCaughtUpWaitsForTheReaderAndEndsWhenItFinishes() throws Exception {
        try (BlobSpool spool = space(1, 1024).spoolFor(blob(6))) {
            spool.append(new byte[] {1, 2});
            InputStream replay = spool.replay();
            CompletableFuture<byte[]> all = CompletableFuture.supplyAsync(() -> {
                try {
                    return replay.readAllBytes();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100);
            assertThat(all).as("waiting for more").isNotDone();
            spool.append(new byte[] {3, 4});
            spool.finish();
            assertThat(all.get(5, TimeUnit.SECONDS)).containsExactly(1, 2, 3, 4);
            spool.append(new byte[] {5, 6});
            try (InputStream again = spool.replay()) {
                assertThat(again.readAllBytes()).as("nothing appended after finish").containsExactly(1, 2, 3, 4);
            }
        }
    }

    @Test
    void aDiscardedSpoolIsNotReplayedAndEndsAReplayWaitingOnIt() throws Exception {
        try (BlobSpool spool = space(1, 1024).spoolFor(blob(6))) {
            spool.append(new byte[] {1, 2});
            InputStream replay = spool.replay();
            assertThat(replay.read(new byte[8], 0, 8)).isEqualTo(2);
            CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return replay.read();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            spool.discard();

            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
            assertThat(spool.usable()).isFalse();
        }
    }

    @Test
    void closingDeletesTheFileEvenWithAReplayOpen() throws Exception {
        BlobSpool spool = space(1, 1024).spoolFor(blob(6));
        spool.append(new byte[] {1, 2});
        InputStream replay = spool.replay();

        spool.close();

        assertThat(Files.exists(spool.file())).isFalse();
        assertThat(replay.read()).as("a replay of a closed spool ends").isEqualTo(-1);
        assertThat(spool.usable()).isFalse();
    }
}
