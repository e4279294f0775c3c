package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one rule that turns error text into a bounded line, shared by engine failures and operator status. */
class OneLineTest {
    @Test
    void whitespaceRunsBecomeOneSpace() {
        assertThat(OneLine.of("  denied:\n\tpush not\r\nallowed  ", 100)).isEqualTo("denied: push not allowed");
    }

    @Test
    void textAtTheBoundIsKeptAndLongerTextIsCutToIt() {
        assertThat(OneLine.of("x".repeat(20), 20)).isEqualTo("x".repeat(20));
        assertThat(OneLine.of("x".repeat(21), 20)).isEqualTo("x".repeat(17) + "...");
    }

    @Test
    void noTextSaysSo() {
        assertThat(OneLine.of(null, 20)).isEqualTo("(no detail)");
        assertThat(OneLine.of(" \n ", 20)).isEqualTo("(no detail)");
    }

    @Test
    void aBoundWithNoRoomForTextIsRefused() {
        assertThatThrownBy(() -> OneLine.of("x", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxChars");
    }
}
