package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A Secret in the ImageMirror's own namespace; there is deliberately no namespace field. {@code optional} means what it
 * means on a Pod's {@code secretKeyRef}: a missing Secret is not an error (access is anonymous), but a Secret that is
 * there must be usable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretReference {
    @Required
    @Size(max = FieldLimits.SECRET_NAME_LENGTH)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    @JsonPropertyDescription("Name of a kubernetes.io/dockerconfigjson or kubernetes.io/basic-auth Secret in the same namespace.")
    private String name;

    @JsonPropertyDescription("When true, a missing Secret means anonymous access instead of a CredentialsNotFound "
            + "error. A Secret that exists but cannot be read is an error either way. Default: false.")
    private Boolean optional;

    public SecretReference() {
    }

    public SecretReference(String name) {
        this(name, null);
    }

    public SecretReference(String name, Boolean optional) {
        this.name = name;
        this.optional = optional;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Boolean getOptional() {
        return optional;
    }

    public void setOptional(Boolean optional) {
        this.optional = optional;
    }

    /** Whether a missing Secret means anonymous access: {@code optional} as set, absent meaning false. */
    public boolean allowsMissing() {
        return Boolean.TRUE.equals(optional);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretReference r && Objects.equals(name, r.name) && Objects.equals(optional, r.optional);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, optional);
    }
}
