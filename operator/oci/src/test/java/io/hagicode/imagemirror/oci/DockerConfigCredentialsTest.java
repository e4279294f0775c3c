package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker config.json: entry forms, key normalisation, Docker Hub keys, helpers, malformed files, location. */
class DockerConfigCredentialsTest {
    @TempDir
    Path dir;

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private DockerConfigCredentials load(String json) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return DockerConfigCredentials.load(file);
    }

    @Test
    void readsEveryEntryForm() throws Exception {
        DockerConfigCredentials config = load("""
                {"auths": {
                  "registry.example.com": {"auth": "%s"},
                  "https://host:5000/v2/": {"username": "bob", "password": "pw2"},
                  "quay.io": {"auth": "%s", "identitytoken": "refresh-xyz"},
                  "empty.example.com": {}
                }}""".formatted(b64("alice:pa:ss"), b64("carol:")));

        assertThat(config.lookup("registry.example.com")).isEqualTo(Credentials.basic("alice", "pa:ss"));
        assertThat(config.lookup("host:5000")).isEqualTo(Credentials.basic("bob", "pw2"));
        assertThat(config.lookup("quay.io")).isEqualTo(new Credentials.IdentityToken("carol", "refresh-xyz"));
        assertThat(config.lookup("empty.example.com")).isEqualTo(Credentials.ANONYMOUS);
        assertThat(config.lookup("unknown.example.com")).isEqualTo(Credentials.ANONYMOUS);
        assertThat(config.find("Registry.Example.COM")).isPresent();
        assertThat(config.lookup(Repository.parse("host:5000/team/app"))).isEqualTo(Credentials.basic("bob", "pw2"));
    }

    @Test
    void entriesAreReadAsDockerCliReadsThem() throws Exception {
        // docker/cli cli/config/configfile/file.go: a non-empty auth replaces username and password (decodeAuth), its
        // user must not be empty, NULs around the password go, and an entry without credentials is anonymous.
        DockerConfigCredentials config = load("""
                {"auths": {
                  "both.example.com": {"auth": "%s", "username": "other", "password": "other-pw"},
                  "padded.example.com": {"auth": "%s"},
                  "empty.example.com": {},
                  "docker.io": {},
                  "https://index.docker.io/v1/": {"auth": "%s"}
                }}""".formatted(b64("alice:pw"), b64("bob:pw\0\0"), b64("hub:pw")));

        assertThat(config.lookup("both.example.com")).isEqualTo(Credentials.basic("alice", "pw"));
        assertThat(config.lookup("padded.example.com")).isEqualTo(Credentials.basic("bob", "pw"));
        assertThat(config.find("empty.example.com")).contains(Credentials.ANONYMOUS);
        assertThat(config.find("unknown.example.com")).isEmpty();
        assertThat(config.lookup("docker.io")).as("the keyed entry with credentials counts")
                .isEqualTo(Credentials.basic("hub", "pw"));
        assertThat(config.registries()).contains("empty.example.com", "docker.io");
        assertThatThrownBy(() -> load("{\"auths\":{\"a.io\":{\"auth\":\"" + b64(":pw") + "\"}}}"))
                .hasMessageContaining("auths entry \"a.io\"").hasMessageContaining("username:password");
    }

    @Test
    void dockerHubKeysServeDockerIo() throws Exception {
        for (String key : new String[] {"https://index.docker.io/v1/", "docker.io", "index.docker.io",
                "registry-1.docker.io", "https://registry-1.docker.io/v2/"}) {
            DockerConfigCredentials config = load("{\"auths\":{\"" + key + "\":{\"auth\":\"" + b64("hub:pw") + "\"}}}");

            assertThat(config.lookup(Repository.parse("nginx").registry())).as(key)
                    .isEqualTo(Credentials.basic("hub", "pw"));
        }
    }

    @Test
    void credentialHelpersAreIgnoredWithANote() throws Exception {
        DockerConfigCredentials config = load("""
                {"auths": {"a.io": {"auth": "%s"}}, "credsStore": "desktop",
                 "credHelpers": {"gcr.io": "gcloud", "123.dkr.ecr.us-east-1.amazonaws.com": "ecr-login"}}"""
                .formatted(b64("u:p")));

        assertThat(config.lookup("a.io")).isEqualTo(Credentials.basic("u", "p"));
        assertThat(config.lookup("gcr.io")).isEqualTo(Credentials.ANONYMOUS);
        assertThat(config.notes()).hasSize(2);
        assertThat(config.notes().get(0)).contains("credsStore").contains("desktop").contains("not supported");
        assertThat(config.notes().get(1)).contains("gcr.io").contains("credHelpers");
    }

    @Test
    void malformedJsonNamesTheFileButNotTheSecret() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"auths\": {\"a.io\": {\"auth\": \"c2VjcmV0LXRva2Vu\" oops-SECRET-42}}}");

        assertThatThrownBy(() -> DockerConfigCredentials.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 1")
                .hasMessageNotContaining("SECRET-42")
                .hasMessageNotContaining("c2VjcmV0LXRva2Vu");
    }

    @Test
    void badBase64NamesTheEntryButNotTheValue() {
        assertThatThrownBy(() -> load("{\"auths\":{\"a.io\":{\"auth\":\"not*base64*SECRET\"}}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config.json")
                .hasMessageContaining("auths entry \"a.io\"")
                .hasMessageNotContaining("SECRET");
    }

    @Test
    void authWithoutAColonIsRejected() {
        assertThatThrownBy(() -> load("{\"auths\":{\"a.io\":{\"auth\":\"" + b64("justatoken") + "\"}}}"))
                .hasMessageContaining("auths entry \"a.io\"")
                .hasMessageContaining("username:password")
                .hasMessageNotContaining("justatoken");
    }

    @Test
    void wrongShapesAreRejected() {
        assertThatThrownBy(() -> load("[]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> load("{\"auths\": []}")).hasMessageContaining("\"auths\"");
        assertThatThrownBy(() -> load("{\"auths\": {\"a.io\": \"x\"}}")).hasMessageContaining("\"a.io\"");
    }

    @Test
    void aMissingFileIsReported() {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> DockerConfigCredentials.load(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void findsTheDefaultFile() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path custom = Files.createDirectories(dir.resolve("custom"));
        Map<String, String> env = Map.of("DOCKER_CONFIG", custom.toString());

        assertThat(DockerConfigCredentials.defaultLocation(env::get, home)).isEmpty();

        Path homeFile = Files.createDirectories(home.resolve(".docker")).resolve("config.json");
        Files.writeString(homeFile, "{}");
        assertThat(DockerConfigCredentials.defaultLocation(env::get, home)).contains(homeFile);

        Path customFile = custom.resolve("config.json");
        Files.writeString(customFile, "{}");
        assertThat(DockerConfigCredentials.defaultLocation(env::get, home)).contains(customFile);
        assertThat(DockerConfigCredentials.defaultLocation(name -> null, home)).contains(homeFile);
    }

    @Test
    void toStringShowsRegistriesOnly() throws Exception {
        DockerConfigCredentials config = load("{\"auths\":{\"a.io\":{\"auth\":\"" + b64("u:topsecret") + "\"}}}");

        assertThat(config).asString().contains("a.io").doesNotContain("topsecret");
        assertThat(config.lookup("a.io")).asString().doesNotContain("topsecret");
    }
}
