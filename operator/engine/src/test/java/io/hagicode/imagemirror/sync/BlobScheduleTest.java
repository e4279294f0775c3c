package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlobScheduleTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void largeBlobsGoLargestFirstAndAFifthOfTheThreadsTakeTheSmallOnesMeanwhile() {
        List<Long> sizes = List.of(2 * MIB, 1_500L, 7 * MIB, 900L, 4 * MIB, 6 * MIB, 3 * MIB, 5 * MIB, 8 * MIB,
                9 * MIB, 10 * MIB, 700L, 11 * MIB);
        BlobSchedule<Long> schedule = new BlobSchedule<>(sizes, s -> s, 10);

        List<BlobSchedule.Taken<Long>> firstWave = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            firstWave.add(schedule.next());
        }

        assertThat(firstWave).extracting(BlobSchedule.Taken::unit).containsExactly(11 * MIB, 10 * MIB, 9 * MIB,
                8 * MIB, 7 * MIB, 6 * MIB, 5 * MIB, 4 * MIB, 1_500L, 900L);
        // A small one done: its thread takes the last small one, not a large one (8 large already run).
        schedule.done(firstWave.get(9));
        assertThat(schedule.next().unit()).isEqualTo(700L);
        // No small one waits any more: the large ones may use every thread.
        assertThat(schedule.next().unit()).isEqualTo(3 * MIB);
        assertThat(schedule.next().unit()).isEqualTo(2 * MIB);
        assertThat(schedule.next()).isNull();
    }

    @Test
    void aFinishedLargeBlobLetsTheNextLargeOneStartWhileSmallOnesStillWait() {
        BlobSchedule<Long> schedule = new BlobSchedule<>(List.of(100L, 200L, 300L, 5 * MIB, 6 * MIB, 7 * MIB,
                8 * MIB, 9 * MIB), s -> s, 5);
        List<BlobSchedule.Taken<Long>> taken = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            taken.add(schedule.next());
        }
        assertThat(taken).extracting(BlobSchedule.Taken::unit).containsExactly(9 * MIB, 8 * MIB, 7 * MIB, 6 * MIB,
                300L);

        schedule.done(taken.get(0));

        assertThat(schedule.next().unit()).isEqualTo(5 * MIB);
        assertThat(schedule.next().unit()).as("4 large run: the reserved thread's turn").isEqualTo(200L);
    }

    @Test
    void belowFourThreadsNothingIsReservedAndSmallBlobsComeLast() {
        assertThat(BlobSchedule.reserved(3)).isZero();
        assertThat(BlobSchedule.reserved(4)).isEqualTo(1);
        assertThat(BlobSchedule.reserved(10)).isEqualTo(2);
        BlobSchedule<Long> schedule = new BlobSchedule<>(List.of(10L, 3 * MIB, 20L, 2 * MIB), s -> s, 2);

        List<Long> order = new ArrayList<>();
        for (BlobSchedule.Taken<Long> t = schedule.next(); t != null; t = schedule.next()) {
            order.add(t.unit());
            schedule.done(t);
        }

        assertThat(order).containsExactly(3 * MIB, 2 * MIB, 20L, 10L);
    }

    @Test
    void drainHandsBackWhatNoThreadTook() {
        BlobSchedule<Long> schedule = new BlobSchedule<>(List.of(10L, 3 * MIB, 20L), s -> s, 4);
        assertThat(schedule.next().unit()).isEqualTo(3 * MIB);

        assertThat(schedule.drain()).containsExactlyInAnyOrder(10L, 20L);
        assertThat(schedule.next()).isNull();
    }
}
