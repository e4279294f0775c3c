package io.hagicode.imagemirror.testkit;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a fixture push left in the registry, read back from the registry itself (so Docker conversions by skopeo are
 * reflected).
 *
 * @param digest      digest of the tag's top manifest (the index/list for multi-platform images)
 * @param mediaType   its media type
 * @param manifests   the image manifests: the children of an index, or the single manifest itself
 * @param rawManifest exact bytes of the top manifest
 */
public record PushedImage(String repository, String tag, String digest, String mediaType,
                          List<PushedManifest> manifests, byte[] rawManifest) {
    public PushedImage {
        manifests = List.copyOf(manifests);
    }

    public boolean isIndex() {
        return mediaType.contains("index") || mediaType.contains("manifest.list");
    }

    /** {@code repository:tag}. */
    public String reference() {
        return repository + ":" + tag;
    }

    /** Every config and layer digest, without duplicates, in first-seen order. */
    public Set<String> blobDigests() {
        Set<String> all = new LinkedHashSet<>();
        for (PushedManifest m : manifests) {
            all.add(m.configDigest());
            all.addAll(m.layerDigests());
        }
        return all;
    }

    /** Digest of every manifest: the top one first, then the image manifests of an index. */
    public Set<String> manifestDigests() {
        Set<String> all = new LinkedHashSet<>();
        all.add(digest);
        manifests.forEach(m -> all.add(m.digest()));
        return all;
    }

    public List<String> platforms() {
        return manifests.stream().map(PushedManifest::platform).toList();
    }

    @Override
    public String toString() {
        return "PushedImage[" + reference() + "@" + digest + ", " + mediaType + ", platforms=" + platforms() + "]";
    }
}
