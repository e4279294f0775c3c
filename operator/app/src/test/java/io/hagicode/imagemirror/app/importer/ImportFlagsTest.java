package io.hagicode.imagemirror.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.app.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** image-syncer's command-line flags (--proc, --retries, --os, --arch, --config) and how the importer takes them. */
class ImportFlagsTest {
    @TempDir
    Path dir;

    private ImporterRun importWith(Function<String, String> env, String images, String... flags) throws Exception {
        Path auth = Files.writeString(dir.resolve("auth.yaml"), "");
        Path file = Files.writeString(dir.resolve("images.yaml"), images);
        List<String> args = new ArrayList<>(List.of("--auth", auth.toString(), "--images", file.toString()));
        args.addAll(List.of(flags));
        return ImporterRun.run(env, args.toArray(String[]::new)).relativeTo(dir);
    }

    private ImporterRun importWith(String... flags) throws Exception {
        return importWith(name -> null, "quay.io/coreos/etcd: quay.io/mirror/etcd\n", flags);
    }

    private static ImageMirror only(ImporterRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.mirrors()).hasSize(1);
        return run.mirrors().get(0);
    }

    @Test
    void leftOutProcAndRetriesBecomeTheOperatorsDefaultsOutLoud() throws Exception {
        ImporterRun run = importWith();

        ImageMirror mirror = only(run);
        assertThat(mirror.getSpec().getConcurrency()).isEqualTo(10);
        assertThat(mirror.getSpec().getRetries()).isEqualTo(3);
        assertThat(run.err()).contains("note: --proc not given: image-syncer's default is 5 (goroutines for the whole "
                + "run); written spec.concurrency: 10, the operator's default")
                .contains("note: --retries not given: image-syncer's default is 2 (passes over the failed tasks after "
                        + "the run); written spec.retries: 3, the operator's default");
        assertThat(run.out()).contains("# Note: --proc not given").contains("# Note: --retries not given");
    }

    @Test
    void givenProcAndRetriesAreWrittenWithoutANote() throws Exception {
        ImporterRun run = importWith("--proc", "5", "--retries", "2");

        ImageMirror mirror = only(run);
        assertThat(mirror.getSpec().getConcurrency()).isEqualTo(5);
        assertThat(mirror.getSpec().getRetries()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("note:");
    }

    @Test
    void osAndArchBecomeEveryPlatformPair() throws Exception {
        ImporterRun run = importWith("--os", "linux", "--os", "windows", "--arch", "amd64", "--arch", "arm:v7",
                "--arch", "");

        assertThat(only(run).getSpec().getPlatforms())
                .containsExactly("linux/amd64", "linux/arm/v7", "windows/amd64", "windows/arm/v7");
        assertThat(run.err()).contains("written spec.platforms: [linux/amd64, linux/arm/v7, windows/amd64, "
                + "windows/arm/v7]").contains("a single-platform image is copied whatever its platform");
    }

    @Test
    void archAloneMeansLinuxAndSaysSo() throws Exception {
        ImporterRun run = importWith("--arch", "arm64");

        assertThat(only(run).getSpec().getPlatforms()).containsExactly("linux/arm64");
        assertThat(run.err()).contains("note: --arch without --os: image-syncer keeps those architectures of every "
                + "OS; spec.platforms names the OS, so linux was written");
    }

    @Test
    void noPlatformFlagsMeansEveryPlatform() throws Exception {
        assertThat(only(importWith()).getSpec().getPlatforms()).isEmpty();
    }

    @Test
    void flagsTheSpecCannotTakeAreErrorsNamingTheFlag() throws Exception {
        assertRefused(new String[] {"--os", "linux"}, "--os linux without --arch");
        assertRefused(new String[] {"--os", "windows:10.0.17763", "--arch", "amd64"},
                "--os windows:10.0.17763: image-syncer also matches the OS version");
        assertRefused(new String[] {"--os", "linux,windows", "--arch", "amd64"},
                "'linux,windows': image-syncer takes one value per --os or --arch");
        assertRefused(new String[] {"--arch", "ARM"}, "--os linux --arch ARM: invalid platform 'linux/ARM'");
        assertRefused(new String[] {"--proc", "100"}, "--proc 100: must be between 1 and 64 (it becomes "
                + "spec.concurrency)");
        assertRefused(new String[] {"--retries", "-1"}, "--retries -1: must be between 0 and 10");
        assertRefused(new String[] {"--schedule", "every day"}, "--schedule every day:");
        assertRefused(new String[] {"--time-zone", "Mars/Olympus"}, "--time-zone Mars/Olympus:");
        assertRefused(new String[] {"--proc", "many"}, "Invalid value for option '--proc'");
    }

    private void assertRefused(String[] flags, String message) throws Exception {
        ImporterRun run = importWith(flags);
        assertThat(run.exitCode()).as(String.join(" ", flags)).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).as(String.join(" ", flags)).contains(message).doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void configCannotBeCombinedAndSomeInputIsNeeded() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), "images:\n  quay.io/coreos/etcd: quay.io/mirror/etcd\n");
        ImporterRun both = ImporterRun.run("--config", file.toString(), "--images", file.toString());
        ImporterRun none = ImporterRun.run("--auth", file.toString());

        assertThat(both.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(both.err()).contains("--config cannot be combined with --auth or --images");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(none.err()).contains("give --images FILE (with --auth FILE), or --config FILE");
    }

    @Test
    void aConfigFileIsCheckedLikeTheTwoFiles() throws Exception {
        String[][] cases = {
                {"auth:\n  quay.io: {}\nimage:\n  a: b\n", "config.yaml line 3: unknown key 'image' (this file holds "
                        + "'auth' and 'images')"},
                {"images:\n  a: b\nimages:\n  c: d\n", "config.yaml line 3: key 'images' is written twice"},
                {"images: [a, b]\n", "config.yaml line 1: 'images' must be a mapping"},
                {"auth:\n  quay.io: {}\n", "config.yaml: 'images' holds no image rules"},
        };
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve("config.yaml"), c[0]);
            ImporterRun run = ImporterRun.run("--config", file.toString());
            assertThat(run.exitCode()).as(c[0]).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(run.err()).as(c[0]).contains(c[1]);
        }
    }

    @Test
    void aConfigFilesDollarCredentialsAreExpandedWithAWarning() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), """
                auth:
                  quay.io:
                    username: bot
                    password: $QUAY_PASSWORD
                images:
                  quay.io/coreos/etcd: quay.io/mirror/etcd
                """);
        ImporterRun run = ImporterRun.run(Map.of("QUAY_PASSWORD", "pw")::get, "--config", file.toString(),
                "--with-credentials");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("config.yaml line 2, key 'quay.io': image-syncer does not expand $VAR in a "
                + "--config file's credentials");
    }

    @Test
    void aDestinationVariableIsReadFromTheEnvironmentAsImageSyncerDoes() throws Exception {
        String images = "quay.io/coreos/etcd: $MIRROR/coreos/etcd\nquay.io/coreos/dex: ${MIRROR}/coreos/dex\n";
        ImporterRun set = importWith(Map.of("MIRROR", "registry.example.com:5000")::get, images);
        ImporterRun unset = importWith(name -> null, images);

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.mirrors()).extracting(m -> m.getSpec().getTargets().get(0).getRepository())
                .containsExactly("registry.example.com:5000/coreos/etcd", "registry.example.com:5000/coreos/dex");
        assertThat(set.err()).contains("note: images.yaml line 1, key 'quay.io/coreos/etcd': "
                + "destination '$MIRROR/coreos/etcd' read as 'registry.example.com:5000/coreos/etcd' (MIRROR from the "
                + "environment, as image-syncer expands it)");
        assertThat(unset.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(unset.err()).contains("-> $MIRROR/coreos/etcd: destination '$MIRROR/coreos/etcd' uses environment "
                + "variable MIRROR, which image-syncer replaces with the value it has when it runs (an unset one with "
                + "nothing); not set here: run the importer with MIRROR set as image-syncer had it")
                .doesNotContain("not a valid repository name component");
    }
}
