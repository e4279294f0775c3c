package io.hagicode.imagemirror.app.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hagicode.imagemirror.api.FieldLimits;
import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.ReferrersSpec;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SecretReference;
import io.hagicode.imagemirror.api.SpecDefaults;
import io.hagicode.imagemirror.api.SpecProblem;
import io.hagicode.imagemirror.api.TagFilterSpec;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Platform;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.ReferrerPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole validation the CLI and the operator run: the model's checks (tested on their own in operator/api,
 * SpecChecksTest and SpecLimitsTest) and those that need the engine's grammar, then the mapping to a job.
 */
class SpecValidatorTest {

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
        try {
            SpecValidator.validate(spec);
            throw new AssertionError("expected the spec to be rejected");
        } catch (InvalidSpecException e) {
            return e.problems();
        }
    }

    @Test
    void appliesTheCrdDefaultsAndNormalisesReferences() throws Exception {
        ValidatedSpec v = SpecValidator.validate(spec("docker.io/newbe36524/hagicode", "hagicode.azurecr.io/hagicode"));
        assertThat(v.concurrency()).isEqualTo(Integer.parseInt(SpecDefaults.CONCURRENCY));
        assertThat(v.retries()).isEqualTo(Integer.parseInt(SpecDefaults.RETRIES));
        assertThat(v.suspend()).isFalse();
        assertThat(v.schedule().zone().getId()).isEqualTo("UTC");
        assertThat(v.source()).isEqualTo(new Repository("docker.io", "newbe36524/hagicode"));
        assertThat(v.tagFilter().selectsEverything()).isTrue();
    }

    @Test
    void parsesPlatformsAndBuildsTheTagFilter() throws Exception {
        ImageMirrorSpec spec = spec("nginx", "r.example.com/x");
        TagFilterSpec tags = new TagFilterSpec();
        tags.setInclude(List.of("v?\\d+\\.\\d+\\.\\d+", "latest"));
        tags.setExclude(List.of(".*-rc.*"));
        tags.setSemver(">=1.1.0");
        tags.setLatest(2);
        spec.setTags(tags);
        spec.setPlatforms(List.of("linux/amd64", "linux/arm64/v8"));

        ValidatedSpec v = SpecValidator.validate(spec);

        assertThat(v.platforms()).containsExactly(Platform.parse("linux/amd64"), Platform.parse("linux/arm64/v8"));
        assertThat(v.tagFilter().select(List.of("1.0.0", "v1.1.0", "1.2.0", "1.3.0", "1.4.0-rc1", "latest", "main")))
                .containsExactlyInAnyOrder("1.2.0", "1.3.0", "latest");
    }

    @Test
    void buildsAJobWithResolvedCredentialsPerEndpoint() throws Exception {
        ImageMirrorSpec spec = spec("nginx", "registry.example.com:5000/mirror/nginx");
        spec.getTargets().get(0).setInsecure(true);
        List<String> asked = new ArrayList<>();
        MirrorJob job = SpecValidator.validate(spec).toJob("ns/n", (field, endpoint, repo) -> {
            asked.add(field + "=" + repo);
            return endpoint.getCredentialsSecretRef() == null ? Credentials.ANONYMOUS : Credentials.basic("u", "p");
        });
        assertThat(asked).containsExactly("spec.source=docker.io/library/nginx",
                "spec.targets[0]=registry.example.com:5000/mirror/nginx");
        assertThat(job.source().credentials()).isEqualTo(Credentials.ANONYMOUS);
        assertThat(job.targets().get(0).insecure()).isTrue();
        assertThat(job.targets().get(0).credentials()).isInstanceOf(Credentials.Basic.class);
    }

    @Test
    void namesEveryBadFieldAndValueAtOnceInTheSpecsOrder() {
        ImageMirrorSpec spec = spec("docker.io/Bad/Name", "ok.example.com/a");
        TagFilterSpec tags = new TagFilterSpec();
        tags.setInclude(List.of("v(\\d+"));
        tags.setSemver("not a range");
        spec.setTags(tags);
        spec.setPlatforms(List.of("linux"));
        spec.setSchedule("every day");
        spec.setConcurrency(100);

        // The model's checks find include, schedule and concurrency; the grammar finds the rest; one list, in order.
        assertThat(problems(spec)).extracting(SpecProblem::field).containsExactly(
                "spec.source.repository", "spec.tags.include[0]", "spec.tags.semver", "spec.platforms[0]",
                "spec.schedule", "spec.concurrency");
        assertThat(problems(spec)).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("spec.tags.semver");
            assertThat(p.value()).isEqualTo("not a range");
            assertThat(p.message()).contains("semantic-version range");
        });
    }

    @Test
    void rejectsATargetEqualToTheSourceAfterNormalisation() {
        List<SpecProblem> problems = problems(spec("nginx", "docker.io/library/nginx"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.targets[0].repository");
            assertThat(p.message()).contains("source");
        });
    }

    @Test
    void rejectsDuplicateTargets() {
        List<SpecProblem> problems = problems(spec("nginx", "r.example.com/x", "R.example.com/x"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.targets[1].repository");
            assertThat(p.message()).contains("spec.targets[0]");
        });
    }

    @Test
    void aValueOverItsLimitIsReportedOnceNotAlsoAsABadReference() {
        String tooLong = "UPPER/".repeat(50);

        assertThat(problems(spec("nginx", tooLong))).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.targets[0].repository");
            assertThat(p.message()).endsWith("at most " + FieldLimits.REPOSITORY_LENGTH + " are allowed");
        });
    }

    @Test
    void theLongestRepositoryTheCrdAllowsIsAValidReference() throws Exception {
        String host = "registry.example.com/";
        String longest = host + "a".repeat(FieldLimits.REPOSITORY_LENGTH - host.length());

        assertThat(SpecValidator.validate(spec("nginx", longest)).targets()).containsExactly(Repository.parse(longest));
    }

    @Test
    void messageOfTheExceptionListsFieldAndValue() {
        ImageMirrorSpec spec = spec("nginx", "r.example.com/x");
        spec.setPlatforms(List.of("linux/amd64", "windows"));
        assertThatThrownBy(() -> SpecValidator.validate(spec)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("spec.platforms[1] = 'windows'");
    }

    @Test
    void aMissingSpecIsRejectedByName() {
        assertThatThrownBy(() -> SpecValidator.validate(null)).isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec: is required");
    }

    @Test
    void referrersDefaultToAllAndMapToTheJobsPolicy() throws Exception {
        ImageMirrorSpec spec = spec("nginx", "registry.example.com/mirror/nginx");
        assertThat(SpecValidator.validate(spec).toJob("n", (f, e, r) -> Credentials.ANONYMOUS).referrers())
                .isEqualTo(ReferrerPolicy.ALL);

        spec.setReferrers(new ReferrersSpec("None", List.of()));
        assertThat(SpecValidator.validate(spec).toJob("n", (f, e, r) -> Credentials.ANONYMOUS).referrers())
                .isEqualTo(ReferrerPolicy.NONE);

        spec.setReferrers(new ReferrersSpec("Types", List.of("application/vnd.dev.cosign.simplesigning.v1+json")));
        ReferrerPolicy types = SpecValidator.validate(spec).toJob("n", (f, e, r) -> Credentials.ANONYMOUS).referrers();
        assertThat(types.mode()).isEqualTo(ReferrerPolicy.Mode.TYPES);
        assertThat(types.accepts("application/vnd.dev.cosign.simplesigning.v1+json")).isTrue();
        assertThat(types.accepts("application/spdx+json")).isFalse();
    }

    @Test
    void aBadReferrersModeIsNamedWithItsValue() {
        ImageMirrorSpec spec = spec("nginx", "registry.example.com/mirror/nginx");
        spec.setReferrers(new ReferrersSpec("all", List.of()));

        assertThat(problems(spec)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.referrers.mode");
            assertThat(p.value()).isEqualTo("all");
        });
    }
}
