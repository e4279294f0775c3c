package io.hagicode.imagemirror.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.DockerConfigCredentials;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The first user's own files, verbatim from their design doc (src/test/resources/importer/seed): auth.yaml with
 * GitHub Actions expressions for values, and images.yaml naming its source twice, once per target.
 */
class SeedImportTest {
    private static final String AZURE = "hagicode.azurecr.io/hagicode";
    private static final String ALIYUN = "registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode";

    private static Path seed(String name) throws URISyntaxException {
        return Path.of(SeedImportTest.class.getResource("/importer/seed/" + name).toURI());
    }

    private static ImporterRun importSeed(String... extra) throws URISyntaxException {
        String[] args = new String[4 + extra.length];
        args[0] = "--auth";
        args[1] = seed("auth.yaml").toString();
        args[2] = "--images";
        args[3] = seed("images.yaml").toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return ImporterRun.run(args);
    }

    @Test
    void aPlainYamlMapLosesTheAzureTargetOfTheSeedImagesFile() throws Exception {
        // The hazard the importer exists to avoid: read as a map, the repeated key keeps only its last value.
        Map<String, Object> asMap = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(seed("images.yaml")),
                new TypeReference<Map<String, Object>>() { });
        assertThat(asMap).hasSize(1);
        assertThat(asMap.values()).containsExactly(ALIYUN);
    }

    @Test
    void theSeedImportsIntoOneMirrorWithBothTargets() throws Exception {
        ImporterRun run = importSeed();

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<ImageMirror> mirrors = run.mirrors();
        assertThat(mirrors).hasSize(1);
        ImageMirror mirror = mirrors.get(0);
        assertThat(mirror.getMetadata().getName()).isEqualTo("hagicode");
        assertThat(mirror.getSpec().getSource().getRepository()).isEqualTo("docker.io/newbe36524/hagicode");
        assertThat(mirror.getSpec().getSource().getCredentialsSecretRef()).isNull();
        assertThat(mirror.getSpec().getTargets()).extracting(RepositorySpec::getRepository).containsExactly(AZURE, ALIYUN);
        assertThat(mirror.getSpec().getTargets()).extracting(t -> t.getCredentialsSecretRef().getName())
                .containsExactly("azure-acr", "aliyun-acr");
        assertThat(mirror.getSpec().getTags()).as("the seed mirrors every tag").isNull();

        ValidatedSpec valid = SpecValidator.validate(mirror.getSpec());
        assertThat(valid.concurrency()).isEqualTo(10);
        assertThat(valid.retries()).isEqualTo(3);
        assertThat(mirror.getSpec().getSchedule()).isEqualTo("0 0 * * *");
        assertThat(mirror.getSpec().getTimeZone()).isEqualTo("UTC");
    }

    @Test
    void theRepeatedKeyIsReportedWithBothLinesAndBothTargets() throws Exception {
        ImporterRun run = importSeed();

        assertThat(run.err()).contains("warning:").contains("'docker.io/newbe36524/hagicode' is written 2 times")
                .contains("lines 1, 2").contains("drop 1 of its 2 destinations").contains(AZURE).contains(ALIYUN);
    }

    @Test
    void secretsCarryMarkedPlaceholdersThatNameTheGithubSecrets() throws Exception {
        ImporterRun run = importSeed();

        List<Map<String, Object>> secrets = run.ofKind("Secret");
        assertThat(secrets).extracting(ImporterRun::name)
                .containsExactly("azure-acr", "aliyun-acr");
        assertThat(secrets).allSatisfy(s -> assertThat(s.get("type")).isEqualTo("kubernetes.io/dockerconfigjson"));
        List<String> secretDocs = run.documents().stream().filter(d -> d.contains("\nkind: Secret\n")).toList();
        assertThat(secretDocs.get(0)).contains("# FILL IN").contains("AZURE_ACR_USERNAME and AZURE_ACR_PASSWORD")
                .contains("kubectl create secret docker-registry azure-acr --docker-server=hagicode.azurecr.io");
        assertThat(secretDocs.get(1)).contains("# FILL IN").contains("ALIYUN_ACR_USERNAME and ALIYUN_ACR_PASSWORD");
        assertThat(run.out()).doesNotContain("${{");
        assertThat(run.err()).contains("2 Secret(s) need their '# FILL IN' values");

        // Filled in, the placeholder JSON is a docker config the operator reads for the right registry.
        String json = (String) ((Map<?, ?>) secrets.get(0).get("stringData")).get(".dockerconfigjson");
        Credentials credentials = DockerConfigCredentials.parse(json.getBytes(StandardCharsets.UTF_8), "test")
                .lookup("hagicode.azurecr.io");
        assertThat(credentials).isEqualTo(Credentials.basic(SecretDocument.USERNAME_PLACEHOLDER,
                SecretDocument.PASSWORD_PLACEHOLDER));
    }

    @Test
    void withCredentialsGithubExpressionsStayPlaceholdersWithAWarning() throws Exception {
        ImporterRun run = importSeed("--with-credentials");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("GitHub Actions expressions, not values");
        assertThat(run.out()).doesNotContain("${{").contains("# FILL IN");
        assertThat(run.ofKind("Secret")).allSatisfy(s -> assertThat(s).containsKey("stringData").doesNotContainKey("data"));
    }

    @Test
    void namespaceOptionPlacesEveryResource() throws Exception {
        ImporterRun run = importSeed("--namespace", "mirrors");

        assertThat(run.trees()).hasSize(3)
                .allSatisfy(t -> assertThat(((Map<?, ?>) t.get("metadata")).get("namespace")).isEqualTo("mirrors"));
        assertThat(run.out()).contains("kubectl create secret docker-registry azure-acr --namespace mirrors");
    }
}
