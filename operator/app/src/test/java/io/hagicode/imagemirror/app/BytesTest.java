package io.hagicode.imagemirror.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The byte counts the CLI prints and the operator's events carry. */
class BytesTest {
    @Test
    void belowAKibibyteCountsBytes() {
        assertThat(Bytes.human(0)).isEqualTo("0 B");
        assertThat(Bytes.human(1023)).isEqualTo("1023 B");
    }

    @Test
    void largerCountsUseTheBinaryUnitThatKeepsTheValueBelow1024() {
        assertThat(Bytes.human(1024)).isEqualTo("1.0 KiB");
        assertThat(Bytes.human(1536)).isEqualTo("1.5 KiB");
        assertThat(Bytes.human(7L * 1024 * 1024 + 300 * 1024)).isEqualTo("7.3 MiB");
        assertThat(Bytes.human(3L << 30)).isEqualTo("3.0 GiB");
    }

    @Test
    void tebibytesAreTheLargestUnit() {
        assertThat(Bytes.human(2048L << 40)).isEqualTo("2048.0 TiB");
    }
}
