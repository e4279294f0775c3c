package io.hagicode.imagemirror.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.testkit.DistributionRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit code 2 comes before any network call, with a message naming the document, field and value. */
class SyncCommandInputTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static String mirror(String source, String extraSpec) {
        return """
                apiVersion: mirror.hagicode.io/v1alpha1
                kind: ImageMirror
                metadata:
                  name: m
                spec:
                  source: {repository: %s, insecure: true}
                  targets:
                    - {repository: 127.0.0.1:1/mirror/app, insecure: true}
                %s
                """.formatted(source, extraSpec);
    }

    @Test
    void everyProblemIsReportedAndNothingIsContacted() throws Exception {
        try (DistributionRegistry source = DistributionRegistry.plain()) {
            int mark = source.accessLogMark();
            Path file = write("bad.yaml", mirror(source.hostPort() + "/team/app", """
                      tags: {include: ['v(\\d+']}
                      platforms: [linux/amd64, linux]
                      schedule: 'every day'
                    """));
            CliRun run = CliRun.of("sync", "-f", file.toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.stderr())
                    .contains(file + " document 1 (m): spec.tags.include[0] = 'v(\\d+'")
                    .contains("spec.platforms[1] = 'linux'")
                    .contains("spec.schedule = 'every day'")
                    .contains("nothing was contacted")
                    .doesNotContain("\tat ");
            assertThat(run.stdout()).isEmpty();
            assertThat(source.accessLogSince(mark)).isEmpty();
        }
    }

    @Test
    void unknownFieldAndBadYamlAreNamed() throws Exception {
        Path typo = write("typo.yaml", mirror("127.0.0.1:1/a", "  concurency: 3"));
        Path broken = write("broken.yaml", "apiVersion: [\n");
        CliRun run = CliRun.of("sync", "-f", typo.toString(), "-f", broken.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("typo.yaml document 1: spec.concurency: unknown field")
                .contains("broken.yaml: invalid YAML at line");
    }

    @Test
    void badReferencesAndTargetsEqualToTheSourceAreNamed() throws Exception {
        Path file = write("refs.yaml", mirror("Docker.io/UPPER/case", "")
                + "---\n" + mirror("127.0.0.1:1/mirror/app", "").replace("name: m", "name: same"));
        CliRun run = CliRun.of("sync", "-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("spec.source.repository = 'Docker.io/UPPER/case'")
                .contains("document 2 (same): spec.targets[0].repository = '127.0.0.1:1/mirror/app': is the source");
    }

    @Test
    void aBadDigestPinIsAnInputErrorNamingTheFieldAndTheValue() throws Exception {
        Path file = write("pin.yaml", mirror("127.0.0.1:1/a", """
                  digests:
                    - digest: sha256:ABC
                    - {digest: 'sha256:%s', tag: '-bad'}
                """.formatted("a".repeat(64))));
        CliRun run = CliRun.of("sync", "-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains(file + " document 1 (m): spec.digests[0].digest = 'sha256:ABC': is not a digest")
                .contains("spec.digests[1].tag = '-bad': is not a tag")
                .doesNotContain("spec.digests[1].digest")
                .doesNotContain("\tat ");
    }

    @Test
    void publicOnTheSourceIsAnInputErrorNamingTheField() throws Exception {
        Path file = write("public.yaml", mirror("127.0.0.1:1/a", "").replace("insecure: true}",
                "insecure: true, public: true}"));
        CliRun run = CliRun.of("sync", "-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains(file + " document 1 (m): spec.source.public = 'true': applies to targets only");
    }

    @Test
    void missingDockerConfigAndCaFileAreInputErrors() throws Exception {
        Path file = write("ok.yaml", mirror("127.0.0.1:1/a", ""));
        CliRun run = CliRun.of("sync", "-f", file.toString(), "--docker-config", dir.resolve("nope.json").toString(),
                "--ca-file", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--docker-config " + dir.resolve("nope.json"))
                .contains("--ca-file " + file + ": ");
    }

    @Test
    void malformedDockerConfigNamesTheFileButNotTheSecret() throws Exception {
        Path file = write("ok.yaml", mirror("127.0.0.1:1/a", ""));
        Path config = write("config.json", "{\"auths\": {\"127.0.0.1:1\": {\"auth\": \"!!not-base64-s3cr3t!!\"}}}");
        CliRun run = CliRun.of("sync", "-f", file.toString(), "--docker-config", config.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains(config.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void unknownOptionIsAnInputError() {
        CliRun run = CliRun.of("sync", "-f", "x.yaml", "--frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--frobnicate");
    }
}
