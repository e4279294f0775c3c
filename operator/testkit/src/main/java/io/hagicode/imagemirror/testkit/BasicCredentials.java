package io.hagicode.imagemirror.testkit;

import java.util.Objects;

/** A user name and password for a test registry or token server; the password never appears in toString. */
public record BasicCredentials(String username, String password) {
    public BasicCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("username must be non-empty and free of ':', was '" + username + "'");
        }
    }

    /** The {@code user:pass} form skopeo's --creds flags take. */
    String colonJoined() {
        return username + ":" + password;
    }

    String basicAuthorizationHeader() {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString(colonJoined().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BasicCredentials[username=" + username + ", password=***]";
    }
}
