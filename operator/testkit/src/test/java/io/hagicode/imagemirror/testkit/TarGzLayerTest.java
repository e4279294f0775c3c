package io.hagicode.imagemirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class TarGzLayerTest {

    @Test
    void isAValidUstarArchiveWithOneFileOfTheRequestedSize() throws Exception {
        TarGzLayer layer = TarGzLayer.build(new LayerSpec(42, 1000));
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(layer.tarGzip())).readAllBytes();

        assertThat(tar).isEqualTo(layer.tar());
        assertThat(tar.length).isEqualTo(512 + 1024 + 1024); // header, data padded to 512, two end blocks
        assertThat(new String(tar, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
        assertThat(Long.parseLong(new String(tar, 124, 11, StandardCharsets.US_ASCII), 8)).isEqualTo(1000);
        int stored = Integer.parseInt(new String(tar, 148, 6, StandardCharsets.US_ASCII), 8);
        byte[] header = Arrays.copyOf(tar, 512);
        Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        assertThat(stored).isEqualTo(sum);
        assertThat(Arrays.copyOfRange(tar, 512 + 1000, tar.length)).containsOnly(0);
    }

    @Test
    void sameSpecSameBytesOtherSeedOtherBytesAndContentIsIncompressible() {
        TarGzLayer a = TarGzLayer.build(new LayerSpec(7, 64 * 1024));
        TarGzLayer again = TarGzLayer.build(new LayerSpec(7, 64 * 1024));
        TarGzLayer other = TarGzLayer.build(new LayerSpec(8, 64 * 1024));

        assertThat(again.tarGzip()).isEqualTo(a.tarGzip());
        assertThat(Skopeo.sha256(other.tarGzip())).isNotEqualTo(Skopeo.sha256(a.tarGzip()));
        assertThat(a.tarGzip().length).isGreaterThan(64 * 1024);
    }
}
