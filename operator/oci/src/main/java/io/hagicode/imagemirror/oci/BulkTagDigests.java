package io.hagicode.imagemirror.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A registry's listing of every tag of a repository with its manifest digest, a hundred tags per request, beyond the
 * Distribution API (which needs one HEAD per tag). Only a hint for the engine: it throws a {@link RegistryException}
 * of kind {@link RegistryErrorKind#INVALID_RESPONSE} on anything that casts doubt on the answer (a count that does not
 * add up, a tag listed twice, a page link elsewhere), and leaves out tags listed without a digest.
 */
interface BulkTagDigests {
    /** Tag name to manifest digest, for the tags the listing gave a digest for. */
    Map<String, Digest> list(Repository repository);

    /**
     * The listing the registry offers, known by its host: Docker Hub's repository tags API (anonymous: Docker Hub's
     * credentials belong to the registry, not to hub.docker.com) and the {@code _tags} API of Azure Container Registry.
     */
    static Optional<BulkTagDigests> forRegistry(RegistryHost host, RegistryTransport transport, RegistryHttp http) {
        if (Repository.DOCKER_HUB.equals(host.name())) {
            return Optional.of(new DockerHubTagDigests(transport, DockerHubTagDigests.HUB_API));
        }
        String api = host.apiHost().toLowerCase(Locale.ROOT);
        if (api.endsWith(".azurecr.io") || api.endsWith(".azurecr.cn") || api.endsWith(".azurecr.us")) {
            return Optional.of(new AcrTagDigests(http));
        }
        return Optional.empty();
    }

    /**
     * Adds a page's tag entries ({@code name}, optional {@code digest}: both APIs spell them so) to {@code digests};
     * a nameless entry, a tag listed twice or an invalid digest casts doubt on the whole listing.
     */
    static void addEntries(JsonNode entries, Set<String> names, Map<String, Digest> digests, String what) {
        for (JsonNode tag : entries) {
            String name = tag.path("name").isTextual() ? tag.get("name").asText() : null;
            if (name == null || !names.add(name)) {
                throw doubt(what, name == null ? "a tag without a name" : "tag " + name + " listed twice");
            }
            JsonNode digest = tag.get("digest");
            if (digest != null && digest.isTextual()) {
                try {
                    digests.put(name, Digest.parse(digest.asText()));
                } catch (IllegalArgumentException e) {
                    throw doubt(what, "an invalid digest");
                }
            }
        }
    }

    static RegistryException doubt(String what, String why) {
        return new RegistryException(RegistryErrorKind.INVALID_RESPONSE, 200, what + " is not used: " + why);
    }
}
