package io.hagicode.imagemirror.oci;

import java.util.regex.Pattern;

/**
 * A registry name as in {@link Repository#registry()} and the host that serves its API. The Docker Hub aliases are
 * resolved by {@link Repository} itself, so this delegates to it rather than repeating the rules.
 */
record RegistryHost(String name, String apiHost) {
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?"
                    + "|\\[[0-9a-fA-F:.]+\\](?::[0-9]{1,5})?");

    static RegistryHost of(String registry) {
        if (registry == null || !HOST.matcher(registry).matches()) {
            throw new IllegalArgumentException("invalid registry '" + registry
                    + "': expected a host with an optional port, e.g. registry.example.com:5000 (no scheme or path)");
        }
        Repository probe = new Repository(registry, "probe");
        return new RegistryHost(probe.registry(), probe.apiHost());
    }
}
