package io.hagicode.imagemirror.oci;

import java.util.Objects;

/**
 * What the client presents to one registry. {@code toString} never shows a secret, so a Credentials can be logged or
 * end up in an exception message without leaking.
 */
public sealed interface Credentials {
    Credentials ANONYMOUS = new Anonymous();

    static Credentials basic(String username, String password) {
        return new Basic(username, password);
    }

    /** No credentials: anonymous pulls, and anonymous tokens where a token server hands them out. */
    record Anonymous() implements Credentials {
        @Override
        public String toString() {
            return "anonymous";
        }
    }

    /** A username and password (or access token used as a password, as ACR and Aliyun ACR issue them). */
    record Basic(String username, String password) implements Credentials {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "basic(user=" + username + ", password=***)";
        }
    }

    /** A refresh token from {@code docker login} ({@code identitytoken} in config.json), exchanged by OAuth2 POST. */
    record IdentityToken(String username, String token) implements Credentials {
        @Override
        public String toString() {
            return "identity-token(user=" + username + ", token=***)";
        }
    }
}
