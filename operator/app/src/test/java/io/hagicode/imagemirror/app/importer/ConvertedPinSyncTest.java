package io.hagicode.imagemirror.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.app.cli.CliRun;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.PushedImage;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image-syncer digest rule, imported and then synced with the CLI against real loopback registries. */
class ConvertedPinSyncTest {
    @Test
    void aConvertedDigestPinIsMirroredWithTheSameDigest(@TempDir Path dir) throws Exception {
        Skopeo.assumeInstalled();
        try (DistributionRegistry source = DistributionRegistry.plain();
             DistributionRegistry target = DistributionRegistry.plain()) {
            PushedImage index = FixtureImages.pushMultiArchOciIndex(source, "team/app", "1.0", 21);
            Path auth = Files.writeString(dir.resolve("auth.yaml"), source.hostPort() + ":\n  insecure: true\n"
                    + target.hostPort() + ":\n  insecure: true\n");
            Path images = Files.writeString(dir.resolve("images.yaml"), source.hostPort() + "/team/app@"
                    + index.digest() + ": " + target.hostPort() + "/mirror/app\n");

            ImporterRun imported = ImporterRun.run("--auth", auth.toString(), "--images", images.toString());
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("digest: " + index.digest());
            Path mirror = Files.writeString(dir.resolve("mirror.yaml"), imported.out());

            CliRun sync = CliRun.of("sync", "-f", mirror.toString());

            assertThat(sync.exitCode()).as(sync.stderr()).isZero();
            assertThat(new Skopeo().inspectRawDigest(target, "mirror/app@" + index.digest())).isEqualTo(index.digest());
        }
    }
}
