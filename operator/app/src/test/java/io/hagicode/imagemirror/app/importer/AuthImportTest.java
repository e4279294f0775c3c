package io.hagicode.imagemirror.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.app.ExitCodes;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.DockerConfigCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** auth.yaml: which endpoint gets which Secret and insecure flag, and how credentials are (not) written. */
class AuthImportTest {
    private static final String PASSWORD = "s3cr3t-Pa55";

    @TempDir
    Path dir;

    private ImporterRun importFiles(String auth, String images, Function<String, String> env, String... extra)
            throws Exception {
        Path authFile = Files.writeString(dir.resolve("auth.yaml"), auth);
        Path imagesFile = Files.writeString(dir.resolve("images.yaml"), images);
        String[] args = new String[4 + extra.length];
        args[0] = "--auth";
        args[1] = authFile.toString();
        args[2] = "--images";
        args[3] = imagesFile.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return ImporterRun.run(env, args);
    }

    private static String secretRef(RepositorySpec endpoint) {
        return endpoint.getCredentialsSecretRef() == null ? null : endpoint.getCredentialsSecretRef().getName();
    }

    @Test
    void insecureAndTheMostSpecificEntryApplyPerEndpoint() throws Exception {
        ImporterRun run = importFiles("""
                quay.io:
                  username: team
                  password: x
                quay.io/coreos:
                  username: coreos-bot
                  password: y
                localhost:5000:
                  insecure: true
                """, """
                quay.io/coreos/etcd:
                  - localhost:5000/coreos/etcd
                  - quay.io/mirror/etcd
                """, n -> null);

        assertThat(run.exitCode()).as(run.err()).isZero();
        ImageMirror mirror = run.mirrors().get(0);
        assertThat(secretRef(mirror.getSpec().getSource())).isEqualTo("quay-io-coreos");
        assertThat(mirror.getSpec().getSource().getInsecure()).isNull();
        RepositorySpec local = mirror.getSpec().getTargets().get(0);
        assertThat(local.getInsecure()).isTrue();
        assertThat(secretRef(local)).as("an entry with only insecure gives no Secret").isNull();
        assertThat(secretRef(mirror.getSpec().getTargets().get(1))).isEqualTo("quay-io");
        assertThat(run.ofKind("Secret")).extracting(ImporterRun::name)
                .containsExactly("quay-io-coreos", "quay-io");
    }

    @Test
    void dockerHubAliasesMatchAndTheSecretUsesDockersOwnKey() throws Exception {
        ImporterRun run = importFiles("""
                registry.hub.docker.com:
                  username: hubuser
                  password: hubtoken
                """, "nginx: quay.io/mirror/nginx\n", n -> null, "--with-credentials");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.mirrors().get(0).getSpec().getSource().getRepository()).isEqualTo("docker.io/library/nginx");
        assertThat(secretRef(run.mirrors().get(0).getSpec().getSource())).isEqualTo("dockerhub");
        String json = decodedDockerConfig(run.ofKind("Secret").get(0));
        assertThat(json).contains("\"https://index.docker.io/v1/\"");
        assertThat(DockerConfigCredentials.parse(json.getBytes(), "test").lookup("docker.io"))
                .isEqualTo(Credentials.basic("hubuser", "hubtoken"));
    }

    @Test
    void withCredentialsWritesTheValuesExpandingEnvironmentReferencesAndWarns() throws Exception {
        ImporterRun run = importFiles("""
                hagicode.azurecr.io:
                  username: hagicode
                  password: "${ACR_PASSWORD}"
                """, "docker.io/newbe36524/hagicode: hagicode.azurecr.io/hagicode\n",
                Map.of("ACR_PASSWORD", PASSWORD)::get, "--with-credentials");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, Object> secret = run.ofKind("Secret").get(0);
        assertThat(secret).doesNotContainKey("stringData");
        String json = decodedDockerConfig(secret);
        assertThat(DockerConfigCredentials.parse(json.getBytes(), "test").lookup("hagicode.azurecr.io"))
                .isEqualTo(Credentials.basic("hagicode", PASSWORD));
        assertThat(run.out()).contains("WARNING: this document holds a real password").doesNotContain("# FILL IN");
        assertThat(run.err()).contains("the output holds real credentials for 1 registry").doesNotContain(PASSWORD);
    }

    @Test
    void withoutTheFlagNoCredentialLeavesTheFiles() throws Exception {
        ImporterRun run = importFiles("""
                hagicode.azurecr.io:
                  username: hagicode
                  password: %s
                """.formatted(PASSWORD), "docker.io/newbe36524/hagicode: hagicode.azurecr.io/hagicode\n", n -> null);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
        assertThat(run.out()).contains("# FILL IN");
    }

    @Test
    void anUnsetEnvironmentVariableIsAnErrorNotAnEmptyPassword() throws Exception {
        ImporterRun run = importFiles("""
                hagicode.azurecr.io:
                  username: hagicode
                  password: $ACR_PASSWORD
                """, "docker.io/newbe36524/hagicode: hagicode.azurecr.io/hagicode\n", n -> null, "--with-credentials");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("auth.yaml line 1, key 'hagicode.azurecr.io': password refers to environment "
                + "variable ACR_PASSWORD, which is not set");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unusedCredentialsAreReportedNotSilentlyDropped() throws Exception {
        ImporterRun run = importFiles("""
                ghcr.io:
                  username: bot
                  password: x
                """, "quay.io/coreos/etcd: quay.io/mirror/etcd\n", n -> null);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("auth.yaml line 1, key 'ghcr.io': no rule in the images file uses these credentials");
        assertThat(run.ofKind("Secret")).isEmpty();
    }

    @Test
    void refusesAmbiguousOrMalformedAuthWithoutEchoingPasswords() throws Exception {
        String images = "quay.io/coreos/etcd: quay.io/mirror/etcd\n";
        List<String[]> cases = List.of(
                new String[] {"quay.io:\n  username: a\n  password: " + PASSWORD + "\n  password: other\n",
                        "key 'quay.io.password' is written twice"},
                new String[] {"quay.io:\n  username: a\n  password: " + PASSWORD + "\nquay.io:\n  username: b\n",
                        "'quay.io' already has different settings at"},
                new String[] {"quay.io:\n  user: a\n", "unknown field 'user'"},
                new String[] {"quay.io:\n  insecure: maybe\n", "'insecure' must be true or false"},
                new String[] {"quay.io: " + PASSWORD + "\n", "expected a mapping with username"},
                new String[] {"myregistry:\n  username: a\n", "must start with a registry host"},
                new String[] {"quay.io:\n  password: " + PASSWORD + ": oops\n", "auth.yaml: invalid YAML at line 2"});
        for (String[] c : cases) {
            ImporterRun run = importFiles(c[0], images, n -> null, "--with-credentials");
            assertThat(run.exitCode()).as(c[0]).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(run.err()).as(c[0]).contains(c[1]).doesNotContain(PASSWORD);
            assertThat(run.out()).as(c[0]).isEmpty();
        }
    }

    @Test
    void identicalRepeatedAuthEntriesAreUsedOnceWithAWarning() throws Exception {
        ImporterRun run = importFiles("quay.io:\n  username: a\n  password: b\nquay.io:\n  username: a\n  password: b\n",
                "quay.io/coreos/etcd: quay.io/mirror/etcd\n", n -> null);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("line 4, key 'quay.io': repeats line 1 with the same settings");
        assertThat(run.ofKind("Secret")).hasSize(1);
    }

    private static String decodedDockerConfig(Map<String, Object> secret) {
        String data = (String) ((Map<?, ?>) secret.get("data")).get(".dockerconfigjson");
        return new String(Base64.getDecoder().decode(data));
    }
}
