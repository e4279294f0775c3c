package io.hagicode.imagemirror.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.MirrorJob;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    void appliesTheCrdDefaultsWhenFieldsAreAbsent() throws Exception {
        ValidatedSpec v = SpecValidator.validate(spec("docker.io/newbe36524/hagicode", "hagicode.azurecr.io/hagicode"));
        assertThat(v.concurrency()).isEqualTo(Integer.parseInt(SpecDefaults.CONCURRENCY));
        assertThat(v.retries()).isEqualTo(Integer.parseInt(SpecDefaults.RETRIES));
        assertThat(v.suspend()).isFalse();
        assertThat(v.schedule().zone().getId()).isEqualTo("UTC");
        assertThat(v.source()).isEqualTo(new Repository("docker.io", "newbe36524/hagicode"));
        assertThat(v.tagFilter().selectsEverything()).isTrue();
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
    void namesEveryBadFieldAndValueAtOnce() {
        ImageMirrorSpec spec = spec("docker.io/Bad/Name", "ok.example.com/a");
        TagFilterSpec tags = new TagFilterSpec();
        tags.setInclude(List.of("v(\\d+"));
        tags.setSemver("not a range");
        spec.setTags(tags);
        spec.setPlatforms(List.of("linux"));
        spec.setSchedule("every day");
        spec.setConcurrency(100);

        assertThat(problems(spec)).extracting(SpecProblem::field).containsExactlyInAnyOrder(
                "spec.source.repository", "spec.tags.include[0]", "spec.tags.semver", "spec.platforms[0]",
                "spec.schedule", "spec.concurrency");
        assertThat(problems(spec)).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("spec.tags.include[0]");
            assertThat(p.value()).isEqualTo("v(\\d+");
            assertThat(p.message()).contains("regular expression");
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
    void rejectsMissingSourceAndEmptyTargets() {
        ImageMirrorSpec spec = new ImageMirrorSpec();
        assertThat(problems(spec)).extracting(SpecProblem::field).containsExactly("spec.source", "spec.targets");
    }

    @Test
    void rejectsBadTimeZoneAndRetries() {
        ImageMirrorSpec spec = spec("nginx", "r.example.com/x");
        spec.setTimeZone("Mars/Olympus");
        spec.setRetries(-1);
        assertThat(problems(spec)).extracting(SpecProblem::field).containsExactlyInAnyOrder("spec.timeZone", "spec.retries");
    }

    @Test
    void publicIsForTargetsAndRejectedOnTheSourceByName() throws Exception {
        ImageMirrorSpec spec = spec("nginx", "r.example.com/x");
        spec.getTargets().get(0).setPublic(true);
        SpecValidator.validate(spec);

        spec.getSource().setPublic(true);
        assertThat(problems(spec)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.source.public");
            assertThat(p.message()).contains("targets only");
        });
    }

    @Test
    void messageOfTheExceptionListsFieldAndValue() {
        ImageMirrorSpec spec = spec("nginx", "r.example.com/x");
        spec.setPlatforms(List.of("linux/amd64", "windows"));
        assertThatThrownBy(() -> SpecValidator.validate(spec)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("spec.platforms[1] = 'windows'");
    }
}
