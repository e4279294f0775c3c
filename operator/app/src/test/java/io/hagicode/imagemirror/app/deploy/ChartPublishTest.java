package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * charts/publish.sh: the chart it packages carries the release's version and image digest. The script's staging step
 * runs here as in the release workflow; packaging and rendering are done by real Helm through helm-java, since no helm
 * binary is installed on these machines (the script's own `helm package` and `helm push` calls are not run).
 */
class ChartPublishTest {
    private static final String DIGEST = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    private record Run(int exit, String output) {
    }

    private static Run publish(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", RepoRoot.find().resolve("charts/publish.sh").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("publish.sh finished").isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void thePackagedChartRunsTheReleasedImageByDigest(@TempDir Path dir) throws Exception {
        Run staged = publish("--stage", dir.toString(), "1.2.3", DIGEST);
        assertThat(staged.exit()).as(staged.output()).isZero();
        Path chart = dir.resolve("imagemirror");

        assertThat(new Helm(chart).lint().strict().call().isFailed()).isFalse();
        new Helm(chart).packageIt().withDestination(dir).call();
        Path archive = dir.resolve("imagemirror-1.2.3.tgz");
        assertThat(archive).isRegularFile();
        assertThat(entries(archive)).contains("imagemirror/values.schema.json",
                "imagemirror/files/imagemirrors.mirror.hagicode.io.yaml", "imagemirror/templates/NOTES.txt")
                .noneMatch(e -> e.startsWith("imagemirror/ci/"));

        Manifests rendered = HelmChart.templatePackage(archive);
        Map<String, Object> deployment = rendered.one("Deployment");
        assertThat(Yaml.str(OperatorDeployment.container(deployment), "image"))
                .isEqualTo(DefaultInstallTest.IMAGE_REPOSITORY + "@" + DIGEST);
        assertThat(Yaml.str(deployment, "metadata", "labels", "app.kubernetes.io/version")).isEqualTo("1.2.3");
        assertThat(Yaml.str(deployment, "metadata", "labels", "helm.sh/chart")).isEqualTo("imagemirror-1.2.3");
        assertThat(rendered.all("CustomResourceDefinition")).hasSize(1);
    }

    /** Staging changes three lines (version, appVersion, image.digest) and copies everything else as it is. */
    @Test
    void stagingChangesOnlyTheVersionsAndTheDigest(@TempDir Path dir) throws Exception {
        assertThat(publish("--stage", dir.toString(), "1.2.3", DIGEST).exit()).isZero();
        Map<Path, List<String>> source = files(HelmChart.dir());
        Map<Path, List<String>> staged = files(dir.resolve("imagemirror"));
        assertThat(staged.keySet()).isEqualTo(source.keySet());
        List<String> changed = new ArrayList<>();
        source.forEach((file, lines) -> {
            List<String> after = staged.get(file);
            assertThat(after).as("lines of %s", file).hasSameSizeAs(lines);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).equals(after.get(i))) {
                    changed.add(file + ": " + lines.get(i) + " -> " + after.get(i));
                }
            }
        });
        assertThat(changed).containsExactlyInAnyOrder(
                "Chart.yaml: version: 0.1.0 -> version: 1.2.3",
                "Chart.yaml: appVersion: \"0.1.0\" -> appVersion: \"1.2.3\"",
                "values.yaml:   digest: \"\" ->   digest: " + DIGEST);
    }

    @Test
    void badArgumentsAreRefusedByName(@TempDir Path dir) throws Exception {
        Run version = publish("--stage", dir.toString(), "v1.2", DIGEST);
        assertThat(version.exit()).isEqualTo(2);
        assertThat(version.output()).contains("VERSION 'v1.2' is not a semantic version");
        Run digest = publish("--stage", dir.toString(), "1.2.3", "sha256:abc");
        assertThat(digest.exit()).isEqualTo(2);
        assertThat(digest.output()).contains("IMAGE_DIGEST 'sha256:abc' is not sha256:");
        Run usage = publish("1.2.3");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.output()).contains("usage: charts/publish.sh VERSION IMAGE_DIGEST");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("nothing staged after a refusal").isEmpty();
        }
    }

    private static List<String> entries(Path archive) throws Exception {
        Process tar = new ProcessBuilder("tar", "-tzf", archive.toString()).redirectErrorStream(true).start();
        List<String> entries = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(tar.waitFor()).as("tar -tzf %s: %s", archive, entries).isZero();
        return entries;
    }

    private static Map<Path, List<String>> files(Path root) throws IOException {
        Map<Path, List<String>> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file), Files.readAllLines(file));
            }
        }
        return files;
    }
}
