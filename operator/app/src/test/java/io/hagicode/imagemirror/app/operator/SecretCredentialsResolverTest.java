package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.b64;
import static io.hagicode.imagemirror.app.operator.Mirrors.basicAuth;
import static io.hagicode.imagemirror.app.operator.Mirrors.dockerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SecretReference;
import io.hagicode.imagemirror.app.job.CredentialsException;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Repository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Registry credentials from kubernetes.io/dockerconfigjson and kubernetes.io/basic-auth Secrets. */
class SecretCredentialsResolverTest {
    private static final String NS = "team";
    private static final String PASSWORD = "S3cret-Value";

    private final Map<String, Secret> secrets = new HashMap<>();
    private final List<String> namespacesAsked = new ArrayList<>();
    private final SecretCredentialsResolver resolver = new SecretCredentialsResolver(NS, (namespace, name) -> {
        namespacesAsked.add(namespace);
        return Optional.ofNullable(secrets.get(namespace + "/" + name));
    });

    @Test
    void noReferenceMeansAnonymous() throws CredentialsException {
        assertThat(resolve("docker.io/library/nginx", null)).isEqualTo(Credentials.ANONYMOUS);
        assertThat(namespacesAsked).isEmpty();
    }

    @Test
    void aDockerConfigSecretFromKubectlCreateSecretDockerRegistry() throws CredentialsException {
        put(dockerConfig(NS, "hub", Map.of("https://index.docker.io/v1/", new String[] {"newbe", PASSWORD},
                "hagicode.azurecr.io", new String[] {"acr-user", "acr-pass"})));

        assertThat(resolve("docker.io/newbe36524/hagicode", "hub")).isEqualTo(Credentials.basic("newbe", PASSWORD));
        assertThat(resolve("hagicode.azurecr.io/hagicode", "hub")).isEqualTo(Credentials.basic("acr-user", "acr-pass"));
    }

    @Test
    void authAloneAndRegistryKeysWithSchemeAndPathAreUnderstood() throws CredentialsException {
        put(rawDockerConfig("only-auth", "{\"auths\":{\"https://registry.example.com:5000/v2/\":{\"auth\":\""
                + b64("bot:" + PASSWORD) + "\"}}}"));

        assertThat(resolve("registry.example.com:5000/team/app", "only-auth"))
                .isEqualTo(Credentials.basic("bot", PASSWORD));
    }

    @Test
    void entriesAreReadAsDockerCliReadsThem() throws CredentialsException {
        // The same reader as the CLI's config.json (DockerConfigCredentials): a non-empty auth replaces username and
        // password, and an entry without credentials means anonymous access.
        put(rawDockerConfig("cli-rules", "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + b64("bot:" + PASSWORD)
                + "\",\"username\":\"other\",\"password\":\"other-pw\"},\"public.example.com\":{}}}"));

        assertThat(resolve("registry.example.com/team/app", "cli-rules")).isEqualTo(Credentials.basic("bot", PASSWORD));
        assertThat(resolve("public.example.com/team/app", "cli-rules")).isEqualTo(Credentials.ANONYMOUS);
    }

    @Test
    void anIdentityTokenIsKeptAsOne() throws CredentialsException {
        put(rawDockerConfig("token", "{\"auths\":{\"ghcr.io\":{\"identitytoken\":\"" + PASSWORD + "\"}}}"));

        assertThat(resolve("ghcr.io/team/app", "token")).isEqualTo(new Credentials.IdentityToken("", PASSWORD));
    }

    @Test
    void aBasicAuthSecret() throws CredentialsException {
        put(basicAuth(NS, "basic", "robot", PASSWORD));

        assertThat(resolve("registry.example.com/team/app", "basic")).isEqualTo(Credentials.basic("robot", PASSWORD));
    }

    @Test
    void stringDataIsReadWhenDataIsAbsent() throws CredentialsException {
        put(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("plain").endMetadata()
                .withType("kubernetes.io/basic-auth").withStringData(Map.of("username", "u", "password", PASSWORD))
                .build());

        assertThat(resolve("registry.example.com/team/app", "plain")).isEqualTo(Credentials.basic("u", PASSWORD));
    }

    @Test
    void aMissingSecretIsNotFoundAndOnlyTheMirrorsNamespaceIsAsked() {
        secrets.put("other/hub", basicAuth("other", "hub", "robot", PASSWORD));

        CredentialsException e = failure(() -> resolve("docker.io/library/nginx", "hub"));

        assertThat(e.reason()).isEqualTo(CredentialsException.Reason.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("spec.targets[0].credentialsSecretRef: Secret team/hub not found");
        assertThat(namespacesAsked).containsOnly(NS);
    }

    @Test
    void aMissingOptionalSecretMeansAnonymousAccessEvenWhenAnotherNamespaceHasOne() throws CredentialsException {
        secrets.put("other/dockerhub", basicAuth("other", "dockerhub", "robot", PASSWORD));

        assertThat(resolveOptional("docker.io/newbe36524/hagicode", "dockerhub")).isEqualTo(Credentials.ANONYMOUS);
        assertThat(namespacesAsked).containsExactly(NS);
    }

    @Test
    void anOptionalSecretThatExistsIsUsed() throws CredentialsException {
        put(dockerConfig(NS, "dockerhub", Map.of("https://index.docker.io/v1/", new String[] {"newbe", PASSWORD})));

        assertThat(resolveOptional("docker.io/newbe36524/hagicode", "dockerhub"))
                .isEqualTo(Credentials.basic("newbe", PASSWORD));
    }

    @Test
    void anOptionalSecretThatExistsButCannotBeReadIsStillInvalid() {
        put(rawDockerConfig("dockerhub", "{\"auths\":{\"quay.io\":{\"auth\":\"" + b64("u:" + PASSWORD) + "\"}}}"));

        CredentialsException e = failure(() -> resolveOptional("docker.io/newbe36524/hagicode", "dockerhub"));

        assertThat(e.reason()).isEqualTo(CredentialsException.Reason.INVALID);
        assertThat(e.getMessage()).isEqualTo("spec.targets[0].credentialsSecretRef: Secret team/dockerhub: key "
                + ".dockerconfigjson has no auths entry for registry docker.io (it has entries for quay.io)");
    }

    @Test
    void optionalFalseIsAsStrictAsNoOptional() {
        RepositorySpec endpoint = new RepositorySpec("docker.io/library/nginx", new SecretReference("hub", false), false);

        CredentialsException e = failure(() -> resolver.resolve("spec.source", endpoint,
                Repository.parse("docker.io/library/nginx")));

        assertThat(e.reason()).isEqualTo(CredentialsException.Reason.NOT_FOUND);
    }

    @Test
    void malformedSecretsAreInvalidAndTheMessageNamesSecretAndKeyButNoValue() {
        put(rawDockerConfig("not-json", "{\"auths\": {\"docker.io\": " + PASSWORD));
        put(rawDockerConfig("no-auths", "{\"credHelpers\":{}}"));
        put(rawDockerConfig("other-registry", "{\"auths\":{\"quay.io\":{\"auth\":\"" + b64("u:" + PASSWORD) + "\"}}}"));
        put(rawDockerConfig("bad-auth", "{\"auths\":{\"docker.io\":{\"auth\":\"" + b64(PASSWORD) + "\"}}}"));
        put(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("not-base64").endMetadata()
                .withType("kubernetes.io/dockerconfigjson").withData(Map.of(".dockerconfigjson", "%%" + PASSWORD))
                .build());
        put(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("opaque").endMetadata()
                .withType("Opaque").withData(Map.of("password", b64(PASSWORD))).build());
        put(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("no-password").endMetadata()
                .withType("kubernetes.io/basic-auth").withData(Map.of("username", b64("robot"))).build());

        assertInvalid("not-json", "Secret team/not-json: key .dockerconfigjson is not valid JSON (line 1, column");
        assertInvalid("no-auths", "Secret team/no-auths: key .dockerconfigjson has no auths entry for registry "
                + "docker.io");
        assertInvalid("other-registry", "Secret team/other-registry: key .dockerconfigjson has no auths entry for "
                + "registry docker.io (it has entries for quay.io)");
        assertInvalid("bad-auth", "auths entry \"docker.io\": \"auth\" does not decode to username:password");
        assertInvalid("not-base64", "Secret team/not-base64: key .dockerconfigjson is not valid base64");
        assertInvalid("opaque", "Secret team/opaque has type Opaque; expected kubernetes.io/dockerconfigjson");
        assertInvalid("no-password", "Secret team/no-password has no key password");
    }

    private void assertInvalid(String secret, String expected) {
        CredentialsException e = failure(() -> resolve("docker.io/library/nginx", secret));
        assertThat(e.reason()).isEqualTo(CredentialsException.Reason.INVALID);
        assertThat(e.getMessage()).startsWith("spec.targets[0].credentialsSecretRef: ").contains(expected)
                .doesNotContain(PASSWORD).doesNotContain(b64(PASSWORD));
    }

    private Credentials resolve(String repository, String secret) throws CredentialsException {
        RepositorySpec endpoint = new RepositorySpec(repository, secret == null ? null : new SecretReference(secret), false);
        return resolver.resolve("spec.targets[0]", endpoint, Repository.parse(repository));
    }

    private Credentials resolveOptional(String repository, String secret) throws CredentialsException {
        RepositorySpec endpoint = new RepositorySpec(repository, new SecretReference(secret, true), false);
        return resolver.resolve("spec.targets[0]", endpoint, Repository.parse(repository));
    }

    private static CredentialsException failure(ThrowingCallable call) {
        List<Throwable> caught = new ArrayList<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(CredentialsException.class, caught::add);
        return (CredentialsException) caught.get(0);
    }

    private void put(Secret secret) {
        secrets.put(secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName(), secret);
    }

    private static Secret rawDockerConfig(String name, String json) {
        return new SecretBuilder().withNewMetadata().withNamespace(NS).withName(name).endMetadata()
                .withType("kubernetes.io/dockerconfigjson").withData(Map.of(".dockerconfigjson", b64(json))).build();
    }
}
