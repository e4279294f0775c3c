package io.hagicode.imagemirror.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.api.DigestPinSpec;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.ExitCodes;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.DockerConfigCredentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * image-syncer's own example and CI files (issue 15: each of them used to stop the importer with exit 2), rule by
 * rule: every rule becomes part of an ImageMirror, or is skipped with a reason the user can act on.
 */
class ImageSyncerExamplesTest {
    private static final String SOURCE = "quay.io/coreos/kube-rbac-proxy";
    private static final String DIGEST = "sha256:14b267eb38aa85fd12d0e168fffa2d8a6187ac53a14a0212b0d4fce8d729598c";
    /** Tags a source might have, to compare what image-syncer's rules and the mirrors select. */
    private static final List<String> TAGS = List.of("v1.0", "v1.1", "v2.0", "latest", "alpine", "main", "v0.4.1");

    private static ImporterRun cli(String... args) {
        List<String> full = new ArrayList<>();
        for (String arg : args) {
            full.add(arg.endsWith(".yaml") || arg.endsWith(".json") || arg.endsWith(".yml")
                    ? ImageSyncerFiles.file(arg).toString() : arg);
        }
        return ImporterRun.run(full.toArray(String[]::new)).relativeTo(ImageSyncerFiles.dir());
    }

    private static ImageMirror mirror(ImporterRun run, String name) {
        return run.mirrors().stream().filter(m -> m.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> selected(ImageMirror mirror) throws Exception {
        return SpecValidator.validate(mirror.getSpec()).tagFilter().select(TAGS);
    }

    private static String endpoint(RepositorySpec e) {
        return e.getRepository() + (e.getCredentialsSecretRef() == null ? "" : " secret=" + e.getCredentialsSecretRef()
                .getName()) + (Boolean.TRUE.equals(e.getInsecure()) ? " insecure" : "");
    }

    private static List<String> targets(ImageMirror mirror) {
        return mirror.getSpec().getTargets().stream().map(ImageSyncerExamplesTest::endpoint).toList();
    }

    @Test
    void examplesImagesYamlConvertsEveryRuleTheDigestPinIntoSpecDigests() throws Exception {
        ImportPlan plan = ImageSyncerFiles.plan(new InputFiles(null, ImageSyncerFiles.file("examples/auth.yaml"),
                ImageSyncerFiles.file("examples/images.yaml")));

        assertThat(ImageSyncerFiles.outcomes(plan)).containsExactly(
                "1 " + SOURCE + " -> quay.io/ruohe/kube-rbac-proxy: kube-rbac-proxy",
                "2 " + SOURCE + ":v1.0 -> quay.io/ruohe/kube-rbac-proxy: kube-rbac-proxy",
                "3 " + SOURCE + ":v1.0,v2.0 -> quay.io/ruohe/kube-rbac-proxy: kube-rbac-proxy",
                "4 " + SOURCE + "@" + DIGEST + " -> quay.io/ruohe/kube-rbac-proxy: kube-rbac-proxy",
                "5 " + SOURCE + ":v1.1 -> quay.io/ruohe/kube-rbac-proxy1: kube-rbac-proxy-v1-1",
                "5 " + SOURCE + ":v1.1 -> quay.io/ruohe/kube-rbac-proxy2: kube-rbac-proxy-v1-1",
                "8 " + SOURCE + ":/a+/ -> quay.io/ruohe/kube-rbac-proxy: kube-rbac-proxy");
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void examplesImagesYamlGivesTwoMirrorsThatCopyWhatImageSyncerCopied() throws Exception {
        ImporterRun run = cli("--auth", "examples/auth.yaml", "--images", "examples/images.yaml");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.mirrors()).extracting(m -> m.getMetadata().getName())
                .containsExactly("kube-rbac-proxy", "kube-rbac-proxy-v1-1");
        ImageMirror all = mirror(run, "kube-rbac-proxy");
        // quay.io/coreos is the longer auth key, so it wins for the source; quay.io alone covers quay.io/ruohe.
        assertThat(endpoint(all.getSpec().getSource())).isEqualTo(SOURCE + " secret=quay-io-coreos insecure");
        assertThat(targets(all)).containsExactly("quay.io/ruohe/kube-rbac-proxy secret=quay-io insecure");
        // Lines 1, 2, 3 and 8 all copy to quay.io/ruohe/kube-rbac-proxy; line 1 takes every tag, line 4 pins a digest
        // (so every tag must be said: a spec with digests and no tag filter selects no tag).
        assertThat(all.getSpec().getTags().getInclude()).containsExactly(".*");
        assertThat(all.getSpec().getDigests()).containsExactly(new DigestPinSpec(DIGEST, null));
        assertThat(selected(all)).containsExactlyInAnyOrderElementsOf(TAGS);
        ImageMirror v11 = mirror(run, "kube-rbac-proxy-v1-1");
        assertThat(targets(v11)).containsExactly("quay.io/ruohe/kube-rbac-proxy1 secret=quay-io insecure",
                "quay.io/ruohe/kube-rbac-proxy2 secret=quay-io insecure");
        assertThat(selected(v11)).containsExactly("v1.1");

        assertThat(run.ofKind("Secret")).extracting(ImporterRun::name).containsExactly("quay-io-coreos", "quay-io");
        assertThat(run.ofKind("Secret")).allSatisfy(s -> assertThat(placeholderConfig(s).lookup("quay.io"))
                .isEqualTo(Credentials.basic(SecretDocument.USERNAME_PLACEHOLDER, SecretDocument.PASSWORD_PLACEHOLDER)));
        assertThat(run.err())
                .contains("examples/auth.yaml line 5, key 'registry.cn-beijing.aliyuncs.com': no converted rule uses these")
                .contains("examples/auth.yaml line 11, key 'quay.io/coreos' and examples/auth.yaml line 1, key 'quay.io' "
                        + "both cover "
                        + SOURCE + ", with different settings")
                .contains("converted 7 of 7 rules into 2 ImageMirror(s) and 2 Secret(s)")
                .doesNotContain("skipped").doesNotContain("xxxxxxxxx");
        assertThat(run.out()).doesNotContain("# Not converted").doesNotContain("xxxxxxxxx");
    }

    @Test
    void strictPassesOnTheExamplesNowThatTheDigestPinConverts() {
        ImporterRun run = cli("--auth", "examples/auth.yaml", "--images", "examples/images.yaml", "--strict");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.mirrors()).hasSize(2);
    }

    @Test
    void theJsonExamplesGiveTheSameMirrorsAsTheYamlOnes() throws Exception {
        ImporterRun json = cli("--auth", "examples/auth.json", "--images", "examples/images.json", "--strict");
        ImporterRun yaml = cli("--auth", "examples/auth.yaml", "--images", "examples/images.yaml");

        // images.json is images.yaml without the digest line: the same mirrors less the pin (and the explicit every-tag
        // filter the pin needs).
        assertThat(json.exitCode()).as(json.err()).isZero();
        List<ImageMirrorSpec> yamlSpecs = specs(yaml);
        assertThat(yamlSpecs.get(0).getDigests()).hasSize(1);
        yamlSpecs.get(0).setDigests(null);
        yamlSpecs.get(0).setTags(null);
        assertThat(specs(json)).isEqualTo(yamlSpecs);
        assertThat(json.ofKind("Secret")).isEqualTo(yaml.ofKind("Secret"));
        assertThat(ImageSyncerFiles.outcomes(ImageSyncerFiles.plan(new InputFiles(null,
                ImageSyncerFiles.file("examples/auth.json"), ImageSyncerFiles.file("examples/images.json")))))
                .containsExactly(
                        "2 " + SOURCE + " -> quay.io/ruohe/kube-rbac-proxy: kube-rbac-proxy",
                        "3 " + SOURCE + ":v1.0 -> quay.io/ruohe/kube-rbac-proxy: kube-rbac-proxy",
                        "4 " + SOURCE + ":v1.0,v2.0 -> quay.io/ruohe/kube-rbac-proxy: kube-rbac-proxy",
                        "5 " + SOURCE + ":v1.1 -> quay.io/ruohe/kube-rbac-proxy1: kube-rbac-proxy-v1-1",
                        "5 " + SOURCE + ":v1.1 -> quay.io/ruohe/kube-rbac-proxy2: kube-rbac-proxy-v1-1",
                        "6 " + SOURCE + ":/a+/ -> quay.io/ruohe/kube-rbac-proxy: kube-rbac-proxy");
    }

    @Test
    void theOlderSingleConfigFilesConvertWithConfig() throws Exception {
        for (String file : List.of("examples/config.yaml", "examples/config.json")) {
            ImporterRun run = cli("--config", file);

            assertThat(run.exitCode()).as(run.err()).isZero();
            ImageMirror mirror = run.mirrors().get(0);
            assertThat(run.mirrors()).hasSize(1);
            assertThat(endpoint(mirror.getSpec().getSource())).isEqualTo(SOURCE + " secret=quay-io-coreos insecure");
            assertThat(targets(mirror)).containsExactly("quay.io/ruohe/kube-rbac-proxy secret=quay-io insecure");
            assertThat(mirror.getSpec().getTags()).as(file + ": its first rule copies every tag").isNull();
            assertThat(run.ofKind("Secret")).extracting(ImporterRun::name).containsExactly("quay-io-coreos", "quay-io");
            assertThat(run.out()).contains("from " + file + ".");
        }
        List<Integer> yamlLines = lines("examples/config.yaml");
        List<Integer> jsonLines = lines("examples/config.json");
        assertThat(yamlLines).containsExactly(17, 18, 19);
        assertThat(jsonLines).containsExactly(23, 25, 27);
    }

    private static List<Integer> lines(String config) throws Exception {
        ImportPlan plan = ImageSyncerFiles.plan(new InputFiles(ImageSyncerFiles.file(config), null, null));
        assertThat(plan.outcomes()).allSatisfy(o -> assertThat(o.mirror()).isEqualTo("kube-rbac-proxy"));
        return plan.outcomes().stream().map(o -> o.rule().entry().line()).toList();
    }

    @Test
    void theCiFilesConvertEveryRuleTheDigestPinOfBothDestinationsIntoSpecDigests() throws Exception {
        ImporterRun run = cli("--auth", "ci/test-auth.yml", "--images", "ci/test-images.yml", "--proc", "6");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.ofKind("Secret")).as("test-auth.yml only sets insecure").isEmpty();
        Map<String, String> sources = run.mirrors().stream().collect(Collectors.toMap(m -> m.getMetadata().getName(),
                m -> m.getSpec().getSource().getRepository() + " " + m.getSpec().getTags().getInclude() + " -> "
                        + targets(m), (a, b) -> a, LinkedHashMap::new));
        assertThat(sources).containsExactly(
                Map.entry("olm-v0-18-3", "quay.io/operator-framework/olm [v0\\.18\\.3] -> "
                        + "[localhost:5000/image-syncer-test/olm insecure]"),
                Map.entry("alpine-3-18-2", "docker.io/library/alpine [3\\.18\\.2] -> "
                        + "[localhost:5000/image-syncer-test/alpine insecure]"),
                Map.entry("hybridnet-v0-8-2", "docker.io/hybridnetdev/hybridnet [v0\\.8\\.2] -> "
                        + "[localhost:5000/image-syncer-test/hybridnet insecure]"));
        assertThat(run.mirrors()).allSatisfy(m -> assertThat(m.getSpec().getConcurrency()).isEqualTo(6));
        assertThat(run.mirrors().get(2).getSpec().getDigests()).as("line 11: by digest, and under its tag")
                .containsExactly(new DigestPinSpec(DIGEST, null), new DigestPinSpec(DIGEST, "v0.8.2-test"));

        ImportPlan plan = ImageSyncerFiles.plan(new InputFiles(null, ImageSyncerFiles.file("ci/test-auth.yml"),
                ImageSyncerFiles.file("ci/test-images.yml")));
        String pin = "hybridnetdev/hybridnet@" + DIGEST;
        assertThat(ImageSyncerFiles.outcomes(plan)).containsExactly(
                "2 quay.io/operator-framework/olm:v0.18.3 -> localhost:5000/image-syncer-test/olm: olm-v0-18-3",
                "5 alpine:3.18.2 -> localhost:5000/image-syncer-test/alpine: alpine-3-18-2",
                "8 hybridnetdev/hybridnet:v0.8.2 -> localhost:5000/image-syncer-test/hybridnet: hybridnet-v0-8-2",
                "11 " + pin + " -> localhost:5000/image-syncer-test/hybridnet: hybridnet-v0-8-2",
                "11 " + pin + " -> localhost:5000/image-syncer-test/hybridnet:v0.8.2-test: hybridnet-v0-8-2");
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void everyRuleOfEveryExampleIsAccountedFor() throws Exception {
        List<InputFiles> all = List.of(
                new InputFiles(null, ImageSyncerFiles.file("examples/auth.yaml"),
                        ImageSyncerFiles.file("examples/images.yaml")),
                new InputFiles(null, ImageSyncerFiles.file("examples/auth.json"),
                        ImageSyncerFiles.file("examples/images.json")),
                new InputFiles(ImageSyncerFiles.file("examples/config.yaml"), null, null),
                new InputFiles(ImageSyncerFiles.file("examples/config.json"), null, null),
                new InputFiles(null, ImageSyncerFiles.file("ci/test-auth.yml"), ImageSyncerFiles.file("ci/test-images.yml")));
        for (InputFiles files : all) {
            ImportPlan plan = ImageSyncerFiles.plan(files);
            InputFiles.Read read = files.read();
            int destinations = read.images().stream().mapToInt(e -> e.value().isArray() ? e.value().size() : 1).sum();
            assertThat(plan.outcomes()).as(files.names().toString()).hasSize(destinations);
            List<String> mirrors = plan.mirrors().stream().map(MirrorPlan::name).toList();
            assertThat(plan.outcomes()).as(files.names().toString()).allSatisfy(o -> {
                if (o.skipped()) {
                    assertThat(o.skipReason()).contains("skopeo copy --all");
                } else {
                    assertThat(mirrors).contains(o.mirror());
                }
            });
        }
    }

    private static List<ImageMirrorSpec> specs(ImporterRun run) {
        return run.mirrors().stream().map(ImageMirror::getSpec).toList();
    }

    private static DockerConfigCredentials placeholderConfig(Map<String, Object> secret) {
        String json = (String) ((Map<?, ?>) secret.get("stringData")).get(".dockerconfigjson");
        try {
            return DockerConfigCredentials.parse(json.getBytes(StandardCharsets.UTF_8), "test");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
