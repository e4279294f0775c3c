package io.hagicode.imagemirror.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.api.ImageMirrorDocuments;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.sync.ReferrerPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every ImageMirror example a user may copy loads strictly and validates, as `sync` would read it. A file that also
 * holds a Secret is for the operator only ({@code kubectl apply}); EventDrivenExampleTest checks the one there is.
 */
class ExampleFilesTest {
    private static final Path EXAMPLES = Path.of("../../examples");

    @Test
    void everyExampleMirrorIsValid() throws Exception {
        List<Path> files = mirrorFiles().stream().filter(p -> !readQuietly(p).contains("\nkind: Secret")).toList();
        assertThat(mirrorFiles()).filteredOn(p -> !files.contains(p)).extracting(p -> p.getFileName().toString())
                .as("operator-only examples").containsExactly("event-driven.yaml");
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("hagicode.yaml", "platforms.yaml", "semver-latest.yaml", "private-source.yaml",
                        "insecure-local.yaml", "mirror.yaml", "signed-image.yaml");
        for (Path file : files) {
            for (ImageMirrorDocuments.Loaded doc : ImageMirrorDocuments.read(file)) {
                SpecValidator.validate(doc.mirror().getSpec());
            }
        }
    }

    @Test
    void theFirstUsersExampleMatchesTheirImageSyncerSettings() throws Exception {
        var spec = SpecValidator.validate(ImageMirrorDocuments.read(EXAMPLES.resolve("hagicode.yaml")).get(0)
                .mirror().getSpec());
        assertThat(spec.source()).hasToString("docker.io/newbe36524/hagicode");
        assertThat(spec.targets()).extracting(Object::toString).containsExactly(
                "hagicode.azurecr.io/hagicode", "registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode");
        assertThat(spec.concurrency()).isEqualTo(10);
        assertThat(spec.retries()).isEqualTo(3);
        assertThat(spec.spec().getSchedule()).isEqualTo("0 0 * * *");
        assertThat(spec.schedule().zone().getId()).isEqualTo("UTC");
    }

    @Test
    void theSignedImageExampleCarriesEveryReferrerAndThenOnlySignatures() throws Exception {
        List<ImageMirrorDocuments.Loaded> docs = ImageMirrorDocuments.read(EXAMPLES.resolve("signed-image.yaml"));
        var all = SpecValidator.validate(docs.get(0).mirror().getSpec());
        var signaturesOnly = SpecValidator.validate(docs.get(1).mirror().getSpec());

        assertThat(all.referrers()).isEqualTo(ReferrerPolicy.ALL);
        assertThat(signaturesOnly.referrers().accepts("application/vnd.dev.cosign.simplesigning.v1+json")).isTrue();
        assertThat(signaturesOnly.referrers().accepts("application/spdx+json")).isFalse();
    }

    private static List<Path> mirrorFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(EXAMPLES)) {
            return paths.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> readQuietly(p).contains("kind: ImageMirror"))
                    .sorted().toList();
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
