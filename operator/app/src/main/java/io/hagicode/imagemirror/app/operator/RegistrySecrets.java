package io.hagicode.imagemirror.app.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.hagicode.imagemirror.app.job.CredentialsException;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Repository;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads registry credentials out of a Secret of type {@code kubernetes.io/dockerconfigjson} (what
 * {@code kubectl create secret docker-registry} makes) or {@code kubernetes.io/basic-auth}. Every error names the
 * Secret and the key at fault and never quotes a value: not even parser messages, which echo the text they choke on.
 */
final class RegistrySecrets {
    static final String DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
    static final String BASIC_AUTH = "kubernetes.io/basic-auth";
    static final String DOCKER_CONFIG_KEY = ".dockerconfigjson";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistrySecrets() {
    }

    /** @param field where the reference sits in the spec, e.g. {@code spec.targets[0].credentialsSecretRef} */
    static Credentials credentials(Secret secret, String registry, String field) throws CredentialsException {
        String which = field + ": Secret " + secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
        String type = secret.getType();
        if (DOCKER_CONFIG_JSON.equals(type)) {
            return fromDockerConfig(value(secret, DOCKER_CONFIG_KEY, which), registry, which);
        }
        if (BASIC_AUTH.equals(type)) {
            String username = value(secret, "username", which);
            String password = value(secret, "password", which);
            return Credentials.basic(username, password);
        }
        throw invalid(which + " has type " + (type == null ? "(none)" : type) + "; expected " + DOCKER_CONFIG_JSON
                + " (kubectl create secret docker-registry) or " + BASIC_AUTH);
    }

    private static Credentials fromDockerConfig(String json, String registry, String which)
            throws CredentialsException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw invalid(which + ": key " + DOCKER_CONFIG_KEY + " is not valid JSON" + at);
        }
        JsonNode auths = root == null ? null : root.get("auths");
        if (auths == null || !auths.isObject()) {
            throw invalid(which + ": key " + DOCKER_CONFIG_KEY + " has no \"auths\" object");
        }
        List<String> known = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Optional<String> host = normalise(entry.getKey());
            host.ifPresent(known::add);
            if (host.isPresent() && host.get().equals(registry)) {
                return fromAuthEntry(entry.getValue(), which + ": key " + DOCKER_CONFIG_KEY + ", auths entry \""
                        + entry.getKey() + "\"");
            }
        }
        throw invalid(which + ": key " + DOCKER_CONFIG_KEY + " has no auths entry for registry " + registry
                + (known.isEmpty() ? "" : " (it has entries for " + String.join(", ", known) + ")"));
    }

    private static Credentials fromAuthEntry(JsonNode entry, String which) throws CredentialsException {
        if (entry == null || !entry.isObject()) {
            throw invalid(which + " is not an object");
        }
        String username = text(entry, "username");
        String password = text(entry, "password");
        String auth = text(entry, "auth");
        String identityToken = text(entry, "identitytoken");
        if ((username == null || password == null) && auth != null) {
            String decoded = decode(auth, which + ": \"auth\"");
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw invalid(which + ": \"auth\" does not decode to username:password");
            }
            username = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        if (identityToken != null) {
            return new Credentials.IdentityToken(username == null ? "" : username, identityToken);
        }
        if (username == null || username.isEmpty() || password == null) {
            throw invalid(which + " has neither \"auth\" nor \"username\" and \"password\"");
        }
        return Credentials.basic(username, password);
    }

    private static String text(JsonNode entry, String key) {
        JsonNode node = entry.get(key);
        return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    /** A value from {@code data} (base64, as the API server stores it) or, failing that, {@code stringData}. */
    private static String value(Secret secret, String key, String which) throws CredentialsException {
        Map<String, String> data = secret.getData();
        if (data != null && data.get(key) != null) {
            return decode(data.get(key), which + ": key " + key);
        }
        Map<String, String> stringData = secret.getStringData();
        if (stringData != null && stringData.get(key) != null) {
            return stringData.get(key);
        }
        throw invalid(which + " has no key " + key);
    }

    private static String decode(String base64, String what) throws CredentialsException {
        try {
            return new String(Base64.getDecoder().decode(base64.replaceAll("\\s", "")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(what + " is not valid base64");
        }
    }

    /**
     * A config.json key as the registry it names: {@code https://index.docker.io/v1/} is Docker Hub, a scheme and
     * a path are dropped, and the Docker Hub aliases fold into one through {@link Repository}.
     */
    static Optional<String> normalise(String key) {
        String host = key.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("https://")) {
            host = host.substring("https://".length());
        } else if (host.startsWith("http://")) {
            host = host.substring("http://".length());
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        if (host.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Repository(host, "library/x").registry());
    }

    private static CredentialsException invalid(String message) {
        return new CredentialsException(CredentialsException.Reason.INVALID, message);
    }
}
