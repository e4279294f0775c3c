package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tags and digests as manifest references: parsing, wire form, and how messages name them. */
class ReferenceTest {
    private static final Digest DIGEST = Digest.sha256(new byte[] {7});
    private static final Repository REPO = Repository.parse("reg.io/app");

    @Test
    void textWithAColonIsADigestAndTextWithoutOneATag() {
        assertThat(Reference.parse("v1.2")).isEqualTo(new Tag("v1.2"));
        assertThat(Reference.parse(DIGEST.toString())).isEqualTo(DIGEST);
    }

    @Test
    void theWireFormIsTheTextItCameFrom() {
        assertThat(Reference.parse("v1.2")).hasToString("v1.2");
        assertThat(Reference.parse(DIGEST.toString())).hasToString(DIGEST.toString());
    }

    @Test
    void messagesNameATagWithAColonAndADigestWithAnAt() {
        assertThat(new Tag("v1").in(REPO)).isEqualTo("reg.io/app:v1");
        assertThat(DIGEST.in(REPO)).isEqualTo("reg.io/app@" + DIGEST);
    }

    @Test
    void badTextIsRefusedQuotingTheValue() {
        assertThatThrownBy(() -> Reference.parse("../etc")).hasMessageContaining("'../etc'");
        assertThatThrownBy(() -> Reference.parse("sha256:nope")).hasMessageContaining("sha256:nope");
        assertThatThrownBy(() -> Reference.parse("")).hasMessageContaining("''");
        assertThatThrownBy(() -> Reference.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tag("-leading-dash")).hasMessageContaining("'-leading-dash'");
        assertThatThrownBy(() -> new Tag("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Tag("x".repeat(128)).name()).hasSize(128);
    }
}
