package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * Opt-in to event-driven syncs. The Secret's {@code token} key is the shared secret: the receiver's path is derived
 * from it (with the namespace and name), and it is the HMAC key for senders that sign (GitHub, the generic format).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookSpec {
    /** The key of the Secret that holds the token. */
    public static final String TOKEN_KEY = "token";

    @Required
    @JsonPropertyDescription("A Secret in the same namespace whose 'token' key holds the webhook token (at least 16 "
            + "characters).")
    private SecretReference secretRef;

    public WebhookSpec() {
    }

    public WebhookSpec(SecretReference secretRef) {
        this.secretRef = secretRef;
    }

    public SecretReference getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(SecretReference secretRef) {
        this.secretRef = secretRef;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSpec w && Objects.equals(secretRef, w.secretRef);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(secretRef);
    }
}
