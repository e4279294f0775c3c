package io.hagicode.imagemirror.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.app.ExitCodes;
import io.hagicode.imagemirror.app.job.SpecValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** images.yaml forms: list-valued destinations, repo:tag keys, comma lists, /regex/ keys, and what is refused. */
class ImageRulesImportTest {
    private static final List<String> TAGS = List.of("1.0", "v1.0", "v1x0", "v1.0.1", "v1.2", "v10.1", "latest",
            "alpine", "3.18-alpine", "main", "a", "b");

    @TempDir
    Path dir;

    private ImporterRun importImages(String images) throws Exception {
        Path auth = Files.writeString(dir.resolve("auth.yaml"), "");
        Path file = Files.writeString(dir.resolve("images.yaml"), images);
        return ImporterRun.run("--auth", auth.toString(), "--images", file.toString());
    }

    private static List<String> selected(ImageMirror mirror) throws Exception {
        return SpecValidator.validate(mirror.getSpec()).tagFilter().select(TAGS);
    }

    @Test
    void listValuedDestinationsBecomeTargetsOfOneMirror() throws Exception {
        ImporterRun run = importImages("""
                quay.io/coreos/kube-rbac-proxy:
                  - quay.io/ruohe/kube-rbac-proxy1
                  - quay.io/ruohe/kube-rbac-proxy2
                """);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.mirrors()).singleElement().satisfies(m -> {
            assertThat(m.getMetadata().getName()).isEqualTo("kube-rbac-proxy");
            assertThat(m.getSpec().getTargets()).extracting(RepositorySpec::getRepository)
                    .containsExactly("quay.io/ruohe/kube-rbac-proxy1", "quay.io/ruohe/kube-rbac-proxy2");
        });
        assertThat(run.ofKind("Secret")).isEmpty();
    }

    @Test
    void aTagKeySelectsExactlyThatTagWithTheDotEscaped() throws Exception {
        ImporterRun run = importImages("quay.io/coreos/kube-rbac-proxy:v1.0: quay.io/ruohe/kube-rbac-proxy\n");

        ImageMirror mirror = run.mirrors().get(0);
        assertThat(mirror.getSpec().getTags().getInclude()).containsExactly("v1\\.0");
        assertThat(selected(mirror)).containsExactly("v1.0");
    }

    @Test
    void aCommaListSelectsEachListedTag() throws Exception {
        ImporterRun run = importImages("quay.io/coreos/kube-rbac-proxy:v1.0,latest: quay.io/ruohe/kube-rbac-proxy\n");

        assertThat(selected(run.mirrors().get(0))).containsExactly("latest", "v1.0");
    }

    @Test
    void aDestinationRepeatingTheSourceTagsIsAccepted() throws Exception {
        ImporterRun run = importImages("quay.io/coreos/kube-rbac-proxy:v1.0: quay.io/ruohe/kube-rbac-proxy:v1.0\n");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.mirrors().get(0).getSpec().getTargets().get(0).getRepository())
                .isEqualTo("quay.io/ruohe/kube-rbac-proxy");
    }

    @Test
    void aRegexKeyKeepsTheTagsImageSyncerWouldFindTheRegexIn() throws Exception {
        ImporterRun run = importImages("""
                quay.io/coreos/a:/a+/: quay.io/ruohe/a
                quay.io/coreos/b:/^v1\\.[0-9]+$/: quay.io/ruohe/b
                quay.io/coreos/c:/[[:digit:]]+-alpine/: quay.io/ruohe/c
                """);

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<ImageMirror> mirrors = run.mirrors();
        // Go's MatchString finds the regex anywhere in the tag: "a+" is in alpine, 3.18-alpine, latest, main, a ...
        assertThat(selected(mirrors.get(0))).containsExactly("3.18-alpine", "a", "alpine", "latest", "main");
        // ... unless it is anchored.
        assertThat(selected(mirrors.get(1))).containsExactly("v1.0", "v1.2");
        assertThat(mirrors.get(1).getSpec().getTags().getInclude()).containsExactly("v1\\.[0-9]+");
        // POSIX classes are RE2 syntax that Java would silently misread.
        assertThat(selected(mirrors.get(2))).containsExactly("3.18-alpine");
    }

    @Test
    void differentSpellingsOfOneSourceMergeWithANote() throws Exception {
        ImporterRun run = importImages("""
                newbe36524/hagicode: hagicode.azurecr.io/hagicode
                docker.io/newbe36524/hagicode: registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode
                index.docker.io/newbe36524/hagicode: hagicode.azurecr.io/hagicode
                """);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.mirrors()).singleElement().satisfies(m -> assertThat(m.getSpec().getTargets()).hasSize(2));
        assertThat(run.err()).contains("all mean docker.io/newbe36524/hagicode").contains("lines 1, 2, 3")
                .contains("is listed more than once for this source; used once");
    }

    @Test
    void aSourceWithDifferentTagSelectionsGetsDistinctMirrorNames() throws Exception {
        ImporterRun run = importImages("""
                quay.io/coreos/app:v1.0: quay.io/ruohe/app
                quay.io/coreos/app:/^v2/: quay.io/ruohe/app
                quay.io/other/app: quay.io/ruohe/other-app
                """);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.mirrors()).extracting(m -> m.getMetadata().getName())
                .containsExactly("app", "coreos-app", "other-app");
    }

    @Test
    void refusesWhatImageMirrorCannotExpressNamingFileLineAndKey() throws Exception {
        assertRefused("quay.io/coreos/app@sha256:" + "a".repeat(64) + ": quay.io/ruohe/app\n",
                "line 1, key 'quay.io/coreos/app@sha256:", "digest source is not supported");
        assertRefused("x: y\nquay.io/coreos/app:v1: quay.io/ruohe/app:v2\n", "line 2, key 'quay.io/coreos/app:v1'",
                "renames tags");
        assertRefused("quay.io/coreos/app: ''\n", "key 'quay.io/coreos/app'", "the destination is empty");
        assertRefused("quay.io/coreos/app:/(unclosed/: quay.io/ruohe/app\n", "key 'quay.io/coreos/app:/(unclosed/'",
                "is not valid");
        assertRefused("quay.io/coreos/app:/^v1: quay.io/ruohe/app\n", "key 'quay.io/coreos/app:/^v1'",
                "between slashes");
        assertRefused("quay.io/coreos/app: quay.io/coreos/app\n", "key 'quay.io/coreos/app'", "is the source itself");
        assertRefused("quay.io/coreos/app: {a: b}\n", "key 'quay.io/coreos/app'", "expected a destination");
        assertRefused("- quay.io/coreos/app\n", "images.yaml line 1", "expected a mapping");
        assertRefused("quay.io/coreos/app: [\n", "images.yaml: invalid YAML", "");
        assertRefused("", "images.yaml: holds no image rules", "");
    }

    private void assertRefused(String images, String where, String why) throws Exception {
        ImporterRun run = importImages(images);
        assertThat(run.exitCode()).as(images).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).as(images).contains(where).contains(why).contains("nothing was written")
                .doesNotContain("Exception");
        assertThat(run.out()).as(images).isEmpty();
    }

    @Test
    void aMissingFileIsNamed() {
        ImporterRun run = ImporterRun.run("--auth", dir.resolve("nope.yaml").toString(), "--images",
                dir.resolve("images.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("nope.yaml: no such file");
    }
}
