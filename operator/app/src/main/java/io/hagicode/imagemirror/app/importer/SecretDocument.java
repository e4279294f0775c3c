package io.hagicode.imagemirror.app.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one kubernetes.io/dockerconfigjson Secret, the kind {@code kubectl create secret docker-registry} makes.
 * With placeholders, every line to edit says {@code # FILL IN} and the equivalent kubectl command is given. With real
 * credentials the document says so at the top, because base64 is not encryption.
 */
final class SecretDocument {
    static final String FILL_IN = "# FILL IN";
    static final String USERNAME_PLACEHOLDER = "FILL-IN-USERNAME";
    static final String PASSWORD_PLACEHOLDER = "FILL-IN-PASSWORD";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace;

    SecretDocument(String namespace) {
        this.namespace = namespace;
    }

    String render(SecretPlan secret) {
        StringBuilder out = new StringBuilder();
        AuthEntry auth = secret.auth();
        out.append("# Credentials for ").append(auth.scope()).append(" (").append(auth.entry().file())
                .append(" line ").append(auth.entry().line()).append("), used by ")
                .append(String.join(", ", secret.usedBy())).append(".\n");
        if (secret.hasPlaceholders()) {
            placeholderHelp(out, secret);
        } else {
            out.append("# WARNING: this document holds a real password (base64 is not encryption). Do not commit it;\n")
                    .append("# apply it and delete the file, or keep it in a sealed/external secret store.\n");
        }
        out.append("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ").append(secret.name()).append('\n');
        if (namespace != null) {
            out.append("  namespace: ").append(namespace).append('\n');
        }
        out.append("type: kubernetes.io/dockerconfigjson\n");
        if (secret.hasPlaceholders()) {
            out.append("stringData:\n  ").append(FILL_IN).append(": replace ").append(USERNAME_PLACEHOLDER)
                    .append(" and ").append(PASSWORD_PLACEHOLDER).append('\n')
                    .append("  .dockerconfigjson: '").append(dockerConfig(secret.dockerConfigKey(),
                            USERNAME_PLACEHOLDER, PASSWORD_PLACEHOLDER, false).replace("'", "''")).append("'\n");
        } else {
            String json = dockerConfig(secret.dockerConfigKey(), secret.credentials().username(),
                    secret.credentials().password(), true);
            out.append("data:\n  .dockerconfigjson: ")
                    .append(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        return out.toString();
    }

    private void placeholderHelp(StringBuilder out, SecretPlan secret) {
        List<String> fromActions = CredentialValues.actionsSecrets(secret.auth());
        if (secret.googleKey()) {
            out.append(FILL_IN).append(" before applying: auth.yaml's username ")
                    .append(GoogleServiceAccountKey.OAUTH2_USER).append(" means a Google service-account key. Put ")
                    .append(GoogleServiceAccountKey.JSON_KEY_USER).append(" in place of ").append(USERNAME_PLACEHOLDER)
                    .append("\n# and the key file's JSON in place of ").append(PASSWORD_PLACEHOLDER)
                    .append(" (image-syncer took it base64-encoded; decode it)");
        } else {
            out.append(FILL_IN).append(" before applying: put the registry's username and password in place of ")
                    .append(USERNAME_PLACEHOLDER).append(" and ").append(PASSWORD_PLACEHOLDER).append(" below");
        }
        if (!fromActions.isEmpty()) {
            out.append("\n# (the values of the GitHub Actions secrets ").append(String.join(" and ", fromActions))
                    .append(" that auth.yaml used)");
        }
        out.append(".\n# Or leave this document out and create the Secret directly:\n#   kubectl create secret "
                        + "docker-registry ").append(secret.name())
                .append(namespace == null ? "" : " --namespace " + namespace)
                .append(" --docker-server=").append(secret.dockerConfigKey())
                .append(secret.googleKey() ? " --docker-username=" + GoogleServiceAccountKey.JSON_KEY_USER
                        + " --docker-password=\"$(cat KEY-FILE.json)\"\n"
                        : " --docker-username=USERNAME --docker-password=PASSWORD\n");
    }

    /** {"auths":{KEY:{"username":..,"password":..[,"auth":base64(user:password)]}}}, escaped by Jackson. */
    static String dockerConfig(String key, String username, String password, boolean withAuthField) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("username", username);
        entry.put("password", password);
        if (withAuthField) {
            entry.put("auth", Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return JSON.writeValueAsString(Map.of("auths", Map.of(key, entry)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
