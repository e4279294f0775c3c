package io.hagicode.imagemirror.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.PushedImage;
import io.hagicode.imagemirror.testkit.RegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and oversized registry answers as a CLI user meets them (the engine-level cases are in the engine's
 * {@code sync.faults} tests): a precise reason in the text summary and in the JSON report, exit 1, no stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliBadAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private Path dir;
    private DistributionRegistry source;
    private DistributionRegistry target;
    private PushedImage image;

    @BeforeAll
    void start(@TempDir Path tempDir) {
        dir = tempDir;
        source = registries.plain();
        target = registries.plain();
        image = FixtureImages.pushOciImage(source, "team/app", "1.0", 101);
        FixtureImages.pushDockerImage(source, "team/app", "2.0", 102);
    }

    private CapturedRun sync(FaultProxy proxy, String output) throws Exception {
        Path file = MirrorFile.write(dir, "bad-answers", proxy.hostPort(), MirrorFile.target(target.hostPort(), "app",
                true));
        return CapturedRun.of("sync", "-f", file.toString(), "--output", output);
    }

    @Test
    void aHugeTagListIsASourceFailureWithItsReasonInTheSummary() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(source)) {
            StringJoiner tags = new StringJoiner("\",\"", "{\"name\":\"team/app\",\"tags\":[\"", "\"]}");
            for (int i = 0; i <= 100_000; i++) {
                tags.add("t" + i);
            }
            proxy.when("GET", "/tags/list").always().then(Fault.respond(200, Map.of("Content-Type",
                    "application/json"), tags.toString().getBytes(StandardCharsets.UTF_8)));

            CapturedRun run = sync(proxy, "text");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stdout()).contains("FAILED to read the source " + proxy.hostPort() + "/team/app")
                    .contains("TOO_LARGE").contains("more than 100000 tags");
            assertThat(run.everything()).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void anOversizedManifestAndBadJsonFailTheirTagsWithPreciseReasonsInTheJsonReport() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(source)) {
            byte[] huge = new byte[5 * 1024 * 1024];
            Arrays.fill(huge, (byte) '{');
            proxy.when("GET", FaultProxy.manifest(image.digest())).always().then(Fault.respond(200,
                    Map.of("Content-Type", image.mediaType(), "Docker-Content-Digest", image.digest()), huge));
            byte[] bad = "{\"schemaVersion\":2,".getBytes(StandardCharsets.UTF_8);
            String badDigest = io.hagicode.imagemirror.oci.Digest.sha256(bad).toString();
            Map<String, String> badHeaders = Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json",
                    "Docker-Content-Digest", badDigest);
            proxy.when("HEAD", FaultProxy.manifest("2.0")).always().then(Fault.respond(200, badHeaders, bad));
            proxy.when("GET", FaultProxy.manifest(badDigest)).always().then(Fault.respond(200, badHeaders, bad));

            CapturedRun run = sync(proxy, "json");

            assertThat(run.exitCode()).as(run.everything()).isEqualTo(1);
            JsonNode tags = JSON.readTree(run.stdout()).path("mirrors").path(0).path("targets").path(0).path("tags");
            Map<String, JsonNode> byTag = Map.of(tags.path(0).path("tag").asText(), tags.path(0),
                    tags.path(1).path("tag").asText(), tags.path(1));
            assertThat(byTag.get("1.0").path("state").asText()).isEqualTo("failed");
            assertThat(byTag.get("1.0").path("error").asText()).contains(image.digest()).contains("TOO_LARGE")
                    .contains("limit of 4194304 bytes");
            assertThat(byTag.get("2.0").path("state").asText()).isEqualTo("failed");
            assertThat(byTag.get("2.0").path("error").asText()).contains(badDigest).contains("is not JSON");
            assertThat(run.stderr()).doesNotContain("\tat ");
        }
    }
}
