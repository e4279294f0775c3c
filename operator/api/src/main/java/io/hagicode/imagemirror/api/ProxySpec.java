package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * The HTTP proxy one registry is reached through. The URL holds no credentials (the pattern refuses {@code @}): they
 * would be readable by anyone who may read the ImageMirror, so they come from a Secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProxySpec {
    @Required
    @Size(max = FieldLimits.PROXY_URL_LENGTH)
    @Pattern(FieldLimits.PROXY_URL_PATTERN)
    @JsonPropertyDescription("http:// URL of the proxy, e.g. http://proxy.example.com:3128, without credentials. "
            + "https:// registries are tunnelled through it with CONNECT. Wins over the operator's HTTPS_PROXY, "
            + "HTTP_PROXY and NO_PROXY for every request to this registry.")
    private String url;

    @JsonPropertyDescription("kubernetes.io/basic-auth Secret with the proxy's username and password, sent to the "
            + "proxy only (Proxy-Authorization). Omit for a proxy that needs none.")
    private SecretReference credentialsSecretRef;

    public ProxySpec() {
    }

    public ProxySpec(String url, SecretReference credentialsSecretRef) {
        this.url = url;
        this.credentialsSecretRef = credentialsSecretRef;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public SecretReference getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxySpec p && Objects.equals(url, p.url)
                && Objects.equals(credentialsSecretRef, p.credentialsSecretRef);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, credentialsSecretRef);
    }
}
