package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.oci.Repository;

/**
 * The Secret name for an auth.yaml entry. The three registries of the project's own example get the names the docs
 * and examples/hagicode.yaml use (dockerhub, azure-acr, aliyun-acr); any other registry is named after its host, e.g.
 * quay-io. A registry/namespace key adds the namespace: quay-io-coreos.
 */
final class SecretNames {
    private SecretNames() {
    }

    static String of(AuthEntry entry) {
        String base = wellKnown(entry.registry());
        String name = base != null ? base : ResourceNames.label(entry.registry());
        return entry.pathPrefix().isEmpty() ? name : ResourceNames.label(name + "-" + entry.pathPrefix());
    }

    private static String wellKnown(String registry) {
        if (Repository.DOCKER_HUB.equals(registry)) {
            return "dockerhub";
        }
        if (registry.endsWith(".azurecr.io")) {
            return "azure-acr";
        }
        if (registry.endsWith(".aliyuncs.com")) {
            return "aliyun-acr";
        }
        return null;
    }
}
