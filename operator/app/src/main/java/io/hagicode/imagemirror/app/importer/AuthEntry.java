package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.oci.Repository;
import java.util.Objects;

/**
 * One auth.yaml entry. Its key is a registry ({@code quay.io}) or a registry and namespace ({@code quay.io/coreos});
 * {@code pathPrefix} is empty for a whole registry. The raw username and password stay here and are only ever written
 * into a Secret when the user asked for it; toString shows neither.
 */
record AuthEntry(YamlEntry entry, String registry, String pathPrefix, String username, String password,
                 boolean insecure) {

    boolean hasCredentials() {
        return username != null || password != null;
    }

    boolean sameSettingsAs(AuthEntry other) {
        return Objects.equals(username, other.username) && Objects.equals(password, other.password)
                && insecure == other.insecure;
    }

    /** Whether this entry covers {@code repository}, as image-syncer's prefix match does. */
    boolean covers(Repository repository) {
        if (!registry.equals(repository.registry())) {
            return false;
        }
        return pathPrefix.isEmpty() || repository.path().equals(pathPrefix)
                || repository.path().startsWith(pathPrefix + "/");
    }

    /** Longer keys are more specific: image-syncer prefers {@code registry/namespace} over {@code registry}. */
    int specificity() {
        return pathPrefix.isEmpty() ? 0 : pathPrefix.length() + 1;
    }

    /** The key as the user wrote it, for messages and comments. */
    String key() {
        return entry.key();
    }

    /** The key normalised, e.g. {@code docker.io} for registry.hub.docker.com. */
    String scope() {
        return pathPrefix.isEmpty() ? registry : registry + "/" + pathPrefix;
    }

    @Override
    public String toString() {
        return "AuthEntry[" + scope() + (hasCredentials() ? ", credentials" : "") + (insecure ? ", insecure" : "") + "]";
    }
}
