package io.hagicode.imagemirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JwtSignerTest {

    @Test
    void base32FollowsRfc4648WithoutPadding() {
        assertThat(JwtSigner.base32("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
        assertThat(JwtSigner.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
    }

    @Test
    void keyIdIsTwelveGroupsOfFourFromThe240BitHashPrefix() {
        String kid = JwtSigner.libtrustKeyId(new byte[] {1, 2, 3});
        assertThat(kid).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
        assertThat(kid).isNotEqualTo(JwtSigner.libtrustKeyId(new byte[] {1, 2, 4}));
    }
}
