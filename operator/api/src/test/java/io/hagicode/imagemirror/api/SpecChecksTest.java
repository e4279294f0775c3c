package io.hagicode.imagemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks the model makes on its own. What needs the engine's grammar (references, platforms, semver ranges) is
 * the app's SpecValidator's, and tested there (operator/app, io.hagicode.imagemirror.app.job.SpecValidatorTest).
 */
class SpecChecksTest {

    static ImageMirrorSpec spec(String source, String... targets) {
        ImageMirrorSpec spec = new ImageMirrorSpec();
        spec.setSource(new RepositorySpec(source, null, null));
        List<RepositorySpec> list = new ArrayList<>();
        for (String t : targets) {
            list.add(new RepositorySpec(t, new SecretReference("creds"), null));
        }
        spec.setTargets(list);
        return spec;
    }

    static List<SpecProblem> problems(ImageMirrorSpec spec) {
        return SpecChecks.check(spec).problems();
    }

    @Test
    void appliesTheCrdDefaultsWhenFieldsAreAbsent() {
        CheckedSpec checked = SpecChecks.check(spec("docker.io/newbe36524/hagicode", "hagicode.azurecr.io/hagicode"));

        assertThat(checked.problems()).isEmpty();
        assertThat(checked.concurrency()).isEqualTo(Integer.parseInt(SpecDefaults.CONCURRENCY));
        assertThat(checked.retries()).isEqualTo(Integer.parseInt(SpecDefaults.RETRIES));
        assertThat(checked.suspend()).isFalse();
        assertThat(checked.schedule().zone().getId()).isEqualTo("UTC");
    }

    @Test
    void namesEveryBadFieldAndValueAtOnce() {
        ImageMirrorSpec spec = spec("docker.io/team/app", "ok.example.com/a");
        TagFilterSpec tags = new TagFilterSpec();
        tags.setInclude(List.of("v(\\d+"));
        tags.setLatest(0);
        spec.setTags(tags);
        spec.setSchedule("every day");
        spec.setConcurrency(100);

        assertThat(problems(spec)).extracting(SpecProblem::field).containsExactly(
                "spec.tags.include[0]", "spec.tags.latest", "spec.schedule", "spec.concurrency");
        assertThat(problems(spec)).first().satisfies(p -> {
            assertThat(p.value()).isEqualTo("v(\\d+");
            assertThat(p.message()).contains("regular expression");
        });
    }

    @Test
    void digestPinsNeedASha256DigestAValidTagAndNoPlatforms() {
        ImageMirrorSpec spec = spec("docker.io/team/app", "ok.example.com/a");
        String good = "sha256:" + "0123456789abcdef".repeat(4);
        spec.setDigests(new ArrayList<>(List.of(new DigestPinSpec(good, "v1"), new DigestPinSpec("sha256:XYZ", null),
                new DigestPinSpec(good, ".hidden"), new DigestPinSpec(null, null))));
        assertThat(problems(spec)).extracting(SpecProblem::field, SpecProblem::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("spec.digests[1].digest", "sha256:XYZ"),
                org.assertj.core.groups.Tuple.tuple("spec.digests[2].tag", ".hidden"),
                org.assertj.core.groups.Tuple.tuple("spec.digests[3].digest", null));

        spec.setDigests(new ArrayList<>(List.of(new DigestPinSpec(good, null))));
        assertThat(problems(spec)).isEmpty();
        spec.setPlatforms(List.of("linux/amd64"));
        assertThat(problems(spec)).extracting(SpecProblem::field).containsExactly("spec.digests");
    }

    @Test
    void leavesReferencesPlatformsAndSemverRangesToTheApp() {
        ImageMirrorSpec spec = spec("docker.io/Bad/Name", "docker.io/library/bad name");
        TagFilterSpec tags = new TagFilterSpec();
        tags.setSemver("not a range");
        spec.setTags(tags);
        spec.setPlatforms(List.of("linux"));

        assertThat(problems(spec)).isEmpty();
    }

    @Test
    void rejectsMissingSourceAndEmptyTargets() {
        ImageMirrorSpec spec = new ImageMirrorSpec();
        assertThat(problems(spec)).extracting(SpecProblem::field).containsExactly("spec.source", "spec.targets");
    }

    @Test
    void aMissingSpecIsOneProblem() {
        assertThat(problems(null)).extracting(SpecProblem::toString).containsExactly("spec: is required");
    }

    @Test
    void rejectsBlankRepositoriesByField() {
        assertThat(problems(spec(" ", "ok.example.com/a", ""))).extracting(SpecProblem::toString).containsExactly(
                "spec.source.repository: is required", "spec.targets[1].repository: is required");
    }

    @Test
    void rejectsBadTimeZoneAndRetries() {
        ImageMirrorSpec spec = spec("nginx", "r.example.com/x");
        spec.setTimeZone("Mars/Olympus");
        spec.setRetries(-1);
        assertThat(problems(spec)).extracting(SpecProblem::field).containsExactlyInAnyOrder("spec.timeZone", "spec.retries");
    }

    @Test
    void publicIsForTargetsAndRejectedOnTheSourceByName() {
        ImageMirrorSpec spec = spec("nginx", "r.example.com/x");
        spec.getTargets().get(0).setPublic(true);
        assertThat(problems(spec)).isEmpty();

        spec.getSource().setPublic(true);
        assertThat(problems(spec)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.source.public");
            assertThat(p.message()).contains("targets only");
        });
    }

    @Test
    void rejectedNamesExactlyTheFieldsWithAProblem() {
        String tooLong = "r.example.com/" + "y".repeat(FieldLimits.REPOSITORY_LENGTH);
        ImageMirrorSpec spec = spec("nginx", "r.example.com/x", tooLong);

        CheckedSpec checked = SpecChecks.check(spec);

        assertThat(checked.rejected("spec.targets[1].repository")).isTrue();
        assertThat(checked.rejected("spec.targets[0].repository")).isFalse();
        assertThat(checked.rejected("spec.targets[1]")).isFalse();
    }

    @Test
    void referrersNeedAKnownModeAndArtifactTypesOnlyWithTypes() {
        ImageMirrorSpec spec = spec("docker.io/team/app", "ok.example.com/a");
        spec.setReferrers(new ReferrersSpec("Some", List.of()));
        assertThat(problems(spec)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.referrers.mode");
            assertThat(p.value()).isEqualTo("Some");
            assertThat(p.message()).contains("All, None or Types");
        });

        spec.setReferrers(new ReferrersSpec("Types", List.of()));
        assertThat(problems(spec)).extracting(SpecProblem::field).containsExactly("spec.referrers.artifactTypes");

        spec.setReferrers(new ReferrersSpec("All", List.of("application/spdx+json")));
        assertThat(problems(spec)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.referrers.artifactTypes");
            assertThat(p.value()).isEqualTo("application/spdx+json");
            assertThat(p.message()).contains("only to mode Types");
        });

        spec.setReferrers(new ReferrersSpec("Types", List.of("application/spdx+json", "not a type")));
        assertThat(problems(spec)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.referrers.artifactTypes[1]");
            assertThat(p.value()).isEqualTo("not a type");
        });

        spec.setReferrers(new ReferrersSpec("Types", List.of("application/vnd.dev.cosign.simplesigning.v1+json")));
        assertThat(problems(spec)).isEmpty();
        spec.setReferrers(new ReferrersSpec(null, List.of()));
        assertThat(problems(spec)).as("the mode defaults to All").isEmpty();
    }
}
