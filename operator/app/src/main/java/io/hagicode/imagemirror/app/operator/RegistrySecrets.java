package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.hagicode.imagemirror.app.job.CredentialsException;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.DockerConfigCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads registry credentials out of a Secret of type {@code kubernetes.io/dockerconfigjson} (what
 * {@code kubectl create secret docker-registry} makes) or {@code kubernetes.io/basic-auth}. Every error names the
 * Secret and the key at fault and never quotes a value: not even parser messages, which echo the text they choke on.
 */
final class RegistrySecrets {
    static final String DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
    static final String BASIC_AUTH = "kubernetes.io/basic-auth";
    static final String DOCKER_CONFIG_KEY = ".dockerconfigjson";

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

    /** The entry for {@code registry}, read by the oci module's config.json reader (docker/cli's rules). */
    private static Credentials fromDockerConfig(String json, String registry, String which)
            throws CredentialsException {
        String source = which + ": key " + DOCKER_CONFIG_KEY;
        DockerConfigCredentials config;
        try {
            config = DockerConfigCredentials.parse(json.getBytes(StandardCharsets.UTF_8), source);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        List<String> known = config.registries();
        return config.find(registry).orElseThrow(() -> invalid(source + " has no auths entry for registry " + registry
                + (known.isEmpty() ? "" : " (it has entries for " + String.join(", ", known) + ")")));
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

    private static CredentialsException invalid(String message) {
        return new CredentialsException(CredentialsException.Reason.INVALID, message);
    }
}
