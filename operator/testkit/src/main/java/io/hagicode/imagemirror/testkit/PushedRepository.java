package io.hagicode.imagemirror.testkit;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A repository filled with many tags by {@link FixtureImages#pushManyTags}.
 *
 * @param tagDigests   tag to manifest digest, in push order
 * @param blobDigests  config and layer digests every tag references
 */
public record PushedRepository(String repository, Map<String, String> tagDigests, Set<String> blobDigests) {
    public PushedRepository {
        tagDigests = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tagDigests));
        blobDigests = Set.copyOf(blobDigests);
    }

    public List<String> tags() {
        return List.copyOf(tagDigests.keySet());
    }

    public Set<String> distinctManifestDigests() {
        Collection<String> values = tagDigests.values();
        return new LinkedHashSet<>(values);
    }
}
