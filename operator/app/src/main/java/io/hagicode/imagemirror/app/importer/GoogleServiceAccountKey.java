package io.hagicode.imagemirror.app.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * image-syncer's GCR convention: username {@code _oauth2_} with, as password, a Google service-account key file in
 * base64. image-syncer trades that key for a one-hour access token before it pushes (pkg/utils/auth/google.go, and
 * only for destinations whose host contains {@code .gcr.io}). No registry accepts {@code _oauth2_} itself, so copied
 * into a Secret as is, it fails at run time. The operator sends Basic credentials to the registry's token endpoint,
 * where GCR and Artifact Registry take the same key as username {@code _json_key} and the key file's JSON as password.
 */
final class GoogleServiceAccountKey {
    static final String OAUTH2_USER = "_oauth2_";
    static final String JSON_KEY_USER = "_json_key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GoogleServiceAccountKey() {
    }

    static boolean isOauth2User(String username) {
        return OAUTH2_USER.equals(username == null ? null : username.strip());
    }

    /** The credentials a registry accepts for image-syncer's {@code _oauth2_} ones. Messages never quote the key. */
    static CredentialValues.Resolved asJsonKey(AuthEntry entry, CredentialValues.Resolved oauth2) throws ImportException {
        byte[] decoded;
        try {
            decoded = Base64.getMimeDecoder().decode(oauth2.password().strip());
        } catch (IllegalArgumentException e) {
            throw new ImportException(entry.entry().where() + ": username " + OAUTH2_USER + " means the password is a "
                    + "base64-encoded Google service-account key file, as image-syncer reads it; this password is not "
                    + "base64");
        }
        String json = new String(decoded, StandardCharsets.UTF_8);
        if (!isServiceAccountKey(json)) {
            throw new ImportException(entry.entry().where() + ": username " + OAUTH2_USER + " means the password is a "
                    + "base64-encoded Google service-account key file, as image-syncer reads it; this password decodes "
                    + "to something else (a key file is JSON with client_email and private_key)");
        }
        return new CredentialValues.Resolved(JSON_KEY_USER, json);
    }

    private static boolean isServiceAccountKey(String json) {
        try {
            JsonNode key = JSON.readTree(json);
            return key != null && key.isObject() && key.path("client_email").isTextual()
                    && key.path("private_key").isTextual();
        } catch (IOException e) {
            return false;
        }
    }
}
