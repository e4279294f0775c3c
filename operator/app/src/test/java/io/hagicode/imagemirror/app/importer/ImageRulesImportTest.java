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
        return ImporterRun.run("--auth", auth.toString(), "--images", file.toString()).relativeTo(dir);
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
        assertThat(run.mirrors()).singleElement().satisfies(m -> assertThat(m.getSpec().getTargets())
                .extracting(RepositorySpec::getRepository)
                .containsExactly("hagicode.azurecr.io/hagicode", "registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode"));
        assertThat(run.err()).contains("note: images.yaml lines 1, 3 (keys 'newbe36524/hagicode', "
                + "'index.docker.io/newbe36524/hagicode') all copy docker.io/newbe36524/hagicode to "
                + "hagicode.azurecr.io/hagicode; merged into one target that copies every tag");
    }

    @Test
    void rulesToOneDestinationMergeIntoTheUnionOfTheirTags() throws Exception {
        ImporterRun run = importImages("""
                quay.io/coreos/app:v1.0: quay.io/ruohe/app
                quay.io/coreos/app:/^v2/: quay.io/ruohe/app
                quay.io/coreos/app:main: quay.io/ruohe/app
                """);

        assertThat(run.exitCode()).as(run.err()).isZero();
        ImageMirror mirror = run.mirrors().get(0);
        assertThat(run.mirrors()).hasSize(1);
        assertThat(mirror.getMetadata().getName()).isEqualTo("app-tags");
        assertThat(mirror.getSpec().getTags().getInclude()).containsExactly("v1\\.0", "main", ".*(?:^v2).*");
        // Exactly what image-syncer copied with its three rules: v1.0, main, and every tag starting with v2.
        assertThat(SpecValidator.validate(mirror.getSpec()).tagFilter().select(List.of("v1.0", "v1.2", "v2", "v2.1",
                "main", "latest"))).containsExactlyInAnyOrder("v1.0", "v2", "v2.1", "main");
    }

    @Test
    void aDuplicatedDestinationInAListIsUsedOnce() throws Exception {
        ImporterRun run = importImages("quay.io/coreos/app: [quay.io/ruohe/app, quay.io/ruohe/app]\n");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.mirrors().get(0).getSpec().getTargets()).hasSize(1);
        assertThat(run.err()).contains("destination quay.io/ruohe/app is listed more than once for this source");
    }

    @Test
    void sourcesWithDifferentTagSelectionsGetNamesThatSayWhich() throws Exception {
        ImporterRun run = importImages("""
                quay.io/coreos/app:v1.0: quay.io/ruohe/app1
                quay.io/coreos/app:v1.1: quay.io/ruohe/app2
                quay.io/other/app: quay.io/ruohe/other-app
                quay.io/third/app: quay.io/ruohe/third-app
                """);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.mirrors()).extracting(m -> m.getMetadata().getName())
                .containsExactly("app-v1-0", "app-v1-1", "app", "third-app");
    }

    @Test
    void aRuleThatCannotBeConvertedIsSkippedAndTheRestWritten() throws Exception {
        assertSkipped("quay.io/coreos/app:v1: quay.io/ruohe/app:v2\n",
                "line 2, key 'quay.io/coreos/app:v1' -> quay.io/ruohe/app:v2",
                "renames tags (v1 to v2), and an ImageMirror keeps the source's tag names; copy it once with "
                        + "`skopeo copy --all docker://quay.io/coreos/app:v1 docker://quay.io/ruohe/app:v2`");
        assertSkipped("quay.io/coreos/app:v1,v2: quay.io/ruohe/app:v3\n", "line 2, key 'quay.io/coreos/app:v1,v2'",
                "names 1 tag(s) for the source's 2; image-syncer fails on this rule too");
        assertSkipped("quay.io/coreos/app: quay.io/ruohe/app:v2\n", "line 2, key 'quay.io/coreos/app'",
                "the destination names tag v2 for every tag");
        assertSkipped("quay.io/coreos/app: ''\n", "line 2, key 'quay.io/coreos/app'", "the destination is empty");
        assertSkipped("quay.io/coreos/app: []\n", "line 2, key 'quay.io/coreos/app'", "no destination");
        assertSkipped("quay.io/coreos/app:\n", "line 2, key 'quay.io/coreos/app'", "no destination");
        assertSkipped("quay.io/coreos/app:/(unclosed/: quay.io/ruohe/app\n", "line 2, key 'quay.io/coreos/app:/(unclosed/'",
                "is not valid");
        assertSkipped("quay.io/coreos/app:/^v1: quay.io/ruohe/app\n", "line 2, key 'quay.io/coreos/app:/^v1'",
                "between slashes");
        assertSkipped("quay.io/coreos/app:/^(v)\\1$/: quay.io/ruohe/app\n", "line 2, key 'quay.io/coreos/app:/^(v)\\1$/'",
                "uses a backreference (\\1), which Go's regexp (RE2) does not have, so image-syncer fails on this rule");
        assertSkipped("quay.io/coreos/app: quay.io/coreos/app\n", "line 2, key 'quay.io/coreos/app'",
                "the destination is the source repository itself");
        assertSkipped("quay.io/coreos/app: {a: b}\n", "line 2, key 'quay.io/coreos/app'",
                "expected a destination repository or a list of them, found a mapping");
        assertSkipped("quay.io/coreos/app: 5\n", "line 2, key 'quay.io/coreos/app'", "found a number");
        assertSkipped("quay.io/coreos/app: [quay.io/ruohe/app, 5]\n", "line 2, key 'quay.io/coreos/app'",
                "item 2 of the destination list is a number, not a repository");
        assertSkipped("quay.io/coreos/App: quay.io/ruohe/app\n", "line 2, key 'quay.io/coreos/App' -> quay.io/ruohe/app",
                "invalid reference 'quay.io/coreos/App': 'App' is not a valid repository name component");
        assertSkipped("quay.io/coreos/app: quay.io/ruohe/app@sha256:" + "b".repeat(64) + "\n",
                "line 2, key 'quay.io/coreos/app'", "names a digest, which image-syncer allows only for the same digest");
        assertSkipped("$REGISTRY/app: quay.io/ruohe/app\n", "line 2, key '$REGISTRY/app'",
                "image-syncer expands environment variables in destinations and credentials, not in a source key");
        assertSkipped("quay.io/coreos/app: ${{ vars.MIRROR }}/app\n", "line 2, key 'quay.io/coreos/app'",
                "the destination is a GitHub Actions expression");
    }

    @Test
    void oneBadDestinationOfAListLeavesTheOthers() throws Exception {
        ImporterRun run = importImages("quay.io/coreos/app: [quay.io/ruohe/app, 'quay.io/ruohe/app:v2', ghcr.io/x/app]\n");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.PARTIAL_IMPORT);
        assertThat(run.mirrors().get(0).getSpec().getTargets()).extracting(RepositorySpec::getRepository)
                .containsExactly("quay.io/ruohe/app", "ghcr.io/x/app");
        assertThat(run.err()).contains("skipped: ").contains("-> quay.io/ruohe/app:v2: the destination names tag v2")
                .contains("converted 2 of 3 rules");
    }

    @Test
    void fileLevelProblemsStillWriteNothing() throws Exception {
        assertNothingWritten("- quay.io/coreos/app\n", "images.yaml line 1", "expected a mapping");
        assertNothingWritten("quay.io/coreos/app: [\n", "images.yaml: invalid YAML", "");
        assertNothingWritten("", "images.yaml holds no image rules", "");
        assertNothingWritten("auth:\n  quay.io: {}\nimages:\n  a: b\n", "images.yaml line 1, key 'auth'",
                "pass it with --config instead of --images");
    }

    private void assertSkipped(String badRule, String where, String why) throws Exception {
        ImporterRun run = importImages("quay.io/good/app: quay.io/mirror/good-app\n" + badRule);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.PARTIAL_IMPORT);
        assertThat(run.err().lines().filter(l -> l.contains("skipped: images.yaml " + where)))
                .as(run.err()).singleElement().satisfies(line -> assertThat(line).contains(why));
        assertThat(run.err()).doesNotContain("Exception");
        assertThat(run.mirrors()).as(badRule).extracting(m -> m.getSpec().getSource().getRepository())
                .containsExactly("quay.io/good/app");
        assertThat(run.out()).as(badRule).contains("# Not converted: images.yaml " + where);
    }

    private void assertNothingWritten(String images, String where, String why) throws Exception {
        ImporterRun run = importImages(images);
        assertThat(run.exitCode()).as(images).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).as(images).contains(where).contains(why).contains("nothing was written")
                .doesNotContain("Exception");
        assertThat(run.out()).as(images).isEmpty();
    }

    @Test
    void unreadableFilesAreNamedWithoutAStackTrace() throws Exception {
        Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 'x'});
        Path tabs = Files.writeString(dir.resolve("tabs.yaml"), "quay.io/a/b: quay.io/c/d\n\tsecret-looking: x\n");
        String[][] cases = {
                {dir.resolve("nope.yaml").toString(), "nope.yaml: no such file"},
                {dir.toString(), dir + ": cannot read"},
                {binary.toString(), "binary.yaml: not UTF-8 text"},
                {tabs.toString(), "tabs.yaml: invalid YAML at line 2: while scanning for the next token; found "
                        + "character '\\t(TAB)' that cannot start any token"},
        };
        for (String[] c : cases) {
            ImporterRun run = ImporterRun.run("--images", c[0]);
            assertThat(run.exitCode()).as(c[0]).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(run.err()).as(c[0]).contains(c[1]).doesNotContain("Exception").doesNotContain("secret-looking")
                    .contains("nothing was written");
            assertThat(run.out()).isEmpty();
        }
    }
}
