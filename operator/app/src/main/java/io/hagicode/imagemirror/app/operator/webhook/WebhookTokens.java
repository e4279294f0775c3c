package io.hagicode.imagemirror.app.operator.webhook;

import io.fabric8.kubernetes.api.model.Secret;
import io.hagicode.imagemirror.api.WebhookSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads the webhook token from the Secret spec.webhook.secretRef names. */
public final class WebhookTokens {
    /** Shorter tokens make the path guessable; Flux's docs suggest far longer ones (head -c 12 /dev/urandom | sha256sum). */
    public static final int MIN_LENGTH = 16;

    private WebhookTokens() {
    }

    /** The token, trimmed; empty when the key is missing, not base64, or shorter than {@value #MIN_LENGTH}. */
    public static Optional<String> of(Secret secret) {
        String encoded = secret.getData() == null ? null : secret.getData().get(WebhookSpec.TOKEN_KEY);
        String token = null;
        if (encoded != null) {
            try {
                token = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8).trim();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        } else if (secret.getStringData() != null) {
            token = secret.getStringData().get(WebhookSpec.TOKEN_KEY);
        }
        return Optional.ofNullable(token).map(String::trim).filter(t -> t.length() >= MIN_LENGTH);
    }
}
