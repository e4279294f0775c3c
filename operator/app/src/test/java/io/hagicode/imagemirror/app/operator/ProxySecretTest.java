package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.basicAuth;
import static io.hagicode.imagemirror.app.operator.Mirrors.dockerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.ProxySpec;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SecretReference;
import io.hagicode.imagemirror.app.job.CredentialsException;
import io.hagicode.imagemirror.app.job.RegistryProxies;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.ProxySettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A repository's proxy and its credentials from a basic-auth Secret, as the operator maps them. */
class ProxySecretTest {
    private static final String NS = "team";
    private static final String PASSWORD = "Pr0xy-Secret";

    private final Map<String, Secret> secrets = new HashMap<>();
    private final SecretCredentialsResolver resolver = new SecretCredentialsResolver(NS,
            (namespace, name) -> Optional.ofNullable(secrets.get(namespace + "/" + name)));

    private static ValidatedSpec spec(ProxySpec sourceProxy, ProxySpec targetProxy) {
        ImageMirrorSpec spec = new ImageMirrorSpec();
        RepositorySpec source = new RepositorySpec("docker.io/library/nginx", null, null);
        source.setProxy(sourceProxy);
        RepositorySpec target = new RepositorySpec("registry.example.com/mirror/nginx", null, null);
        target.setProxy(targetProxy);
        spec.setSource(source);
        spec.setTargets(List.of(target));
        try {
            return SpecValidator.validate(spec);
        } catch (InvalidSpecException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBasicAuthSecretGivesTheProxyItsCredentials() throws CredentialsException {
        secrets.put(NS + "/squid", basicAuth(NS, "squid", "proxy-user", PASSWORD));

        ProxySettings settings = proxies(
                spec(new ProxySpec("http://proxy.corp:3128", new SecretReference("squid")), null));

        assertThat(settings.toString()).contains("docker.io=http://proxy-user:***@proxy.corp:3128")
                .doesNotContain(PASSWORD).doesNotContain("registry.example.com");
        assertThat(resolver.resolve("f", new SecretReference("squid")))
                .isEqualTo(new Credentials.Basic("proxy-user", PASSWORD));
    }

    @Test
    void aDockerConfigSecretIsRefusedForAProxy() {
        secrets.put(NS + "/hub", dockerConfig(NS, "hub", Map.of("https://index.docker.io/v1/",
                new String[] {"newbe", PASSWORD})));

        assertThatThrownBy(() -> proxies(
                spec(new ProxySpec("http://proxy.corp:3128", new SecretReference("hub")), null)))
                .isInstanceOfSatisfying(CredentialsException.class, e -> {
                    assertThat(e.reason()).isEqualTo(CredentialsException.Reason.INVALID);
                    assertThat(e.getMessage()).contains("spec.source.proxy.credentialsSecretRef", "team/hub",
                            "kubernetes.io/basic-auth").doesNotContain(PASSWORD);
                });
    }

    @Test
    void aMissingSecretIsNotFoundUnlessOptional() throws CredentialsException {
        assertThatThrownBy(() -> proxies(
                spec(null, new ProxySpec("http://proxy.corp:3128", new SecretReference("gone")))))
                .isInstanceOfSatisfying(CredentialsException.class,
                        e -> assertThat(e.getMessage()).contains("spec.targets[0].proxy.credentialsSecretRef"));

        ProxySettings settings = proxies(
                spec(null, new ProxySpec("http://proxy.corp:3128", new SecretReference("gone", true))));
        assertThat(settings.toString()).contains("registry.example.com=http://proxy.corp:3128");
    }

    @Test
    void oneRegistryCannotHaveTwoProxiesInOneMirror() throws InvalidSpecException {
        ImageMirrorSpec spec = new ImageMirrorSpec();
        RepositorySpec source = new RepositorySpec("registry.example.com/a", null, null);
        source.setProxy(new ProxySpec("http://one:3128", null));
        RepositorySpec target = new RepositorySpec("registry.example.com/b", null, null);
        target.setProxy(new ProxySpec("http://two:3128", null));
        spec.setSource(source);
        spec.setTargets(List.of(target));

        ValidatedSpec validated = SpecValidator.validate(spec);
        assertThatThrownBy(() -> proxies(validated))
                .hasMessageContaining("spec.targets[0].proxy differs from spec.source.proxy");
    }

    /** What RegistrySyncEngine hands the clients: the spec's proxies, as the job carries them, over the environment's. */
    private ProxySettings proxies(ValidatedSpec validated) throws CredentialsException {
        return RegistryProxies.over(ProxySettings.NONE, RegistryProxies.of(validated, resolver));
    }
}
