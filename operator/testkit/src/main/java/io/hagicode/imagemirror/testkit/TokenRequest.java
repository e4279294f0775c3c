package io.hagicode.imagemirror.testkit;

import java.util.List;

/**
 * One token request the {@link TokenServer} answered.
 *
 * @param subject  the authenticated user, or null for anonymous
 * @param service  the {@code service} parameter
 * @param scopes   the {@code scope} parameters as sent, e.g. {@code repository:app:pull,push}
 * @param granted  the access granted, as {@code type:name:actions} strings (actions may be empty)
 */
public record TokenRequest(String subject, String service, List<String> scopes, List<String> granted) {
    public TokenRequest {
        scopes = List.copyOf(scopes);
        granted = List.copyOf(granted);
    }

    public boolean anonymous() {
        return subject == null;
    }
}
