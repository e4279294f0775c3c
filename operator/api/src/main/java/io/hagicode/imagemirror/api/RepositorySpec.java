package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** The source or one target of a mirror. */
public class RepositorySpec {
    @Required
    @Size(max = FieldLimits.REPOSITORY_LENGTH)
    @Pattern("^(\\[[0-9a-fA-F:.]+\\]|[^\\s@:/\\[\\]]+)(:[0-9]+)?(/[^\\s@:]+)*$")
    @JsonPropertyDescription("Repository without tag or digest, e.g. docker.io/newbe36524/hagicode. Docker Hub shorthand "
            + "(nginx, user/app) is normalised.")
    private String repository;

    @JsonPropertyDescription("Secret holding credentials for this registry. Omit for anonymous access; with "
            + "optional: true, a missing Secret means anonymous access too.")
    private SecretReference credentialsSecretRef;

    @Default(SpecDefaults.INSECURE)
    @JsonPropertyDescription("Allow plain HTTP and unverified TLS for this registry. Reported in status.")
    private Boolean insecure;

    @JsonPropertyDescription("HTTP proxy for this registry, with optional credentials from a Secret. Omit to use the "
            + "operator's HTTPS_PROXY, HTTP_PROXY and NO_PROXY (none if unset).")
    private ProxySpec proxy;

    // "public" is a Java keyword, hence the field name; the property is "public" everywhere else.
    @JsonProperty("public")
    @JsonPropertyDescription("Targets only: the public should be able to pull this repository without logging in. Each "
            + "sync ends with an anonymous pull check; a denial sets the PublicPull condition to False. Default: false.")
    private Boolean publicPull;

    public RepositorySpec() {
    }

    public RepositorySpec(String repository, SecretReference credentialsSecretRef, Boolean insecure) {
        this.repository = repository;
        this.credentialsSecretRef = credentialsSecretRef;
        this.insecure = insecure;
    }

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository;
    }

    public SecretReference getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }

    public Boolean getInsecure() {
        return insecure;
    }

    public void setInsecure(Boolean insecure) {
        this.insecure = insecure;
    }

    public ProxySpec getProxy() {
        return proxy;
    }

    public void setProxy(ProxySpec proxy) {
        this.proxy = proxy;
    }

    @JsonProperty("public")
    public Boolean getPublic() {
        return publicPull;
    }

    @JsonProperty("public")
    public void setPublic(Boolean publicPull) {
        this.publicPull = publicPull;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepositorySpec r && Objects.equals(repository, r.repository)
                && Objects.equals(credentialsSecretRef, r.credentialsSecretRef) && Objects.equals(insecure, r.insecure)
                && Objects.equals(publicPull, r.publicPull) && Objects.equals(proxy, r.proxy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(repository, credentialsSecretRef, insecure, publicPull, proxy);
    }
}
