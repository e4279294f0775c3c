package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SecretReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Test resources: ImageMirrors and registry Secrets as a user would write them. The app's one ImageMirror builder
 * for tests: public, so that tests in other packages (reliability) build their mirrors here too.
 */
public final class Mirrors {
    private Mirrors() {
    }

    public static ImageMirror mirror(String namespace, String name, RepositorySpec source, RepositorySpec... targets) {
        ImageMirror mirror = new ImageMirror();
        mirror.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        ImageMirrorSpec spec = new ImageMirrorSpec();
        spec.setSource(source);
        spec.setTargets(new ArrayList<>(List.of(targets)));
        spec.setSchedule("0 0 * * *");
        spec.setTimeZone("UTC");
        spec.setSuspend(false);
        spec.setConcurrency(4);
        spec.setRetries(1);
        mirror.setSpec(spec);
        return mirror;
    }

    public static RepositorySpec repo(String repository) {
        return new RepositorySpec(repository, null, false);
    }

    public static RepositorySpec repo(String repository, String secret) {
        return new RepositorySpec(repository, new SecretReference(secret), false);
    }

    /** An endpoint whose Secret may be missing ({@code credentialsSecretRef: {name: secret, optional: true}}). */
    public static RepositorySpec repoWithOptionalSecret(String repository, String secret) {
        return new RepositorySpec(repository, new SecretReference(secret, true), false);
    }

    public static Secret basicAuth(String namespace, String name, String username, String password) {
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withType("kubernetes.io/basic-auth")
                .withData(Map.of("username", b64(username), "password", b64(password)))
                .build();
    }

    /** What {@code kubectl create secret docker-registry} writes, for registry -> {username, password}. */
    public static Secret dockerConfig(String namespace, String name, Map<String, String[]> logins) {
        String auths = logins.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":{\"username\":\"" + e.getValue()[0] + "\",\"password\":\""
                        + e.getValue()[1] + "\",\"auth\":\"" + b64(e.getValue()[0] + ":" + e.getValue()[1]) + "\"}")
                .collect(Collectors.joining(","));
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", b64("{\"auths\":{" + auths + "}}")))
                .build();
    }

    public static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
