package io.hagicode.imagemirror.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.app.ExitCodes;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.DockerConfigCredentials;
import java.nio.charset.StandardCharsets;
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
        return ImporterRun.run(env, args).relativeTo(dir);
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
        assertThat(run.err()).contains("auth.yaml line 1, key 'ghcr.io': no converted rule uses these credentials");
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

    @Test
    void aGcrOauth2UsernameBecomesAJsonKeyWithCredentials() throws Exception {
        String key = "{\"type\": \"service_account\", \"client_email\": \"bot@p.iam.gserviceaccount.com\", "
                + "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----\\n\"}";
        String base64 = Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
        ImporterRun run = importFiles("""
                eu.gcr.io:
                  username: _oauth2_
                  password: $GCR_KEY
                """, "docker.io/library/nginx: eu.gcr.io/project/nginx\n", Map.of("GCR_KEY", base64)::get,
                "--with-credentials");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String json = decodedDockerConfig(run.ofKind("Secret").get(0));
        assertThat(DockerConfigCredentials.parse(json.getBytes(), "test").lookup("eu.gcr.io"))
                .isEqualTo(Credentials.basic("_json_key", key));
        assertThat(run.err()).contains("auth.yaml line 1, key 'eu.gcr.io': username _oauth2_ with a base64-encoded "
                + "Google service-account key: Secret eu-gcr-io holds username _json_key and the decoded key file")
                .doesNotContain(base64).doesNotContain("BEGIN PRIVATE KEY");
    }

    @Test
    void aGcrOauth2UsernameWithPlaceholdersSaysWhatToFillIn() throws Exception {
        ImporterRun run = importFiles("""
                eu.gcr.io:
                  username: _oauth2_
                  password: ${{ secrets.GCR_KEY }}
                """, "docker.io/library/nginx: eu.gcr.io/project/nginx\n", n -> null);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("username _oauth2_: image-syncer reads the password as a base64-encoded Google "
                + "service-account key").contains("Fill in Secret eu-gcr-io with username _json_key");
        assertThat(run.documents().get(0)).contains("Put _json_key in place of FILL-IN-USERNAME")
                .contains("--docker-username=_json_key --docker-password=\"$(cat KEY-FILE.json)\"")
                .contains("GitHub Actions secrets GCR_KEY");
    }

    @Test
    void anOauth2PasswordThatIsNoKeyIsAnErrorThatDoesNotQuoteIt() throws Exception {
        for (String password : List.of("not base64!", Base64.getEncoder().encodeToString(PASSWORD.getBytes()))) {
            ImporterRun run = importFiles("eu.gcr.io:\n  username: _oauth2_\n  password: '" + password + "'\n",
                    "docker.io/library/nginx: eu.gcr.io/project/nginx\n", n -> null, "--with-credentials");

            assertThat(run.exitCode()).as(password).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(run.err()).contains("auth.yaml line 1, key 'eu.gcr.io': username _oauth2_ means the password "
                    + "is a base64-encoded Google service-account key file").doesNotContain(password)
                    .doesNotContain(PASSWORD);
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void aNumericPasswordKeepsItsDigitsAsWritten() throws Exception {
        ImporterRun run = importFiles("quay.io:\n  username: bot\n  password: 0123\n",
                "quay.io/coreos/etcd: quay.io/mirror/etcd\n", n -> null, "--with-credentials");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(DockerConfigCredentials.parse(decodedDockerConfig(run.ofKind("Secret").get(0)).getBytes(), "test")
                .lookup("quay.io")).isEqualTo(Credentials.basic("bot", "0123"));
    }

    @Test
    void twoEntriesCoveringOneRepositoryWithDifferentSettingsAreReported() throws Exception {
        ImporterRun run = importFiles("""
                quay.io:
                  username: team
                  password: x
                quay.io/coreos:
                  username: team
                  password: x
                quay.io/mirror:
                  username: other
                  password: y
                """, "quay.io/coreos/etcd: quay.io/mirror/etcd\n", n -> null);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).as("the same settings under a longer key change nothing")
                .doesNotContain("key 'quay.io/coreos' and")
                .contains("auth.yaml line 7, key 'quay.io/mirror' and auth.yaml line 1, key 'quay.io' both cover "
                        + "quay.io/mirror/etcd, with different settings: the importer uses 'quay.io/mirror'")
                .contains("image-syncer v1.5.5 itself may use either one on any run");
    }

    @Test
    void withoutAnAuthFileEveryEndpointIsAnonymous() throws Exception {
        Path images = Files.writeString(dir.resolve("images.yaml"), "quay.io/coreos/etcd: quay.io/mirror/etcd\n");
        ImporterRun run = ImporterRun.run("--images", images.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.ofKind("Secret")).isEmpty();
        assertThat(run.err()).contains("note: no --auth: every registry is accessed anonymously");
    }

    private static String decodedDockerConfig(Map<String, Object> secret) {
        String data = (String) ((Map<?, ?>) secret.get("data")).get(".dockerconfigjson");
        return new String(Base64.getDecoder().decode(data));
    }
}
