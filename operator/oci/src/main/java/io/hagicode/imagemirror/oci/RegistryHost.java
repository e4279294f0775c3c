package io.hagicode.imagemirror.oci;

/**
 * A registry name as in {@link Repository#registry()} and the host that serves its API. What a valid host is, the
 * Docker Hub aliases and the API host are {@link Repository}'s rules; this applies them to a registry named alone.
 */
record RegistryHost(String name, String apiHost) {
    static RegistryHost of(String registry) {
        if (!Repository.isValidHost(registry)) {
            throw new IllegalArgumentException("invalid registry '" + registry
                    + "': expected a host with an optional port, e.g. registry.example.com:5000 (no scheme or path)");
        }
        String name = Repository.registryName(registry);
        return new RegistryHost(name, Repository.apiHost(name));
    }
}
