package io.hagicode.imagemirror.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies one tag (an index with its children, or a single image) between repositories using only the
 * {@link RegistryClient} API, the way the sync engine does: blobs first (mounted when on the same registry, else
 * streamed from source to target), then child manifests by digest, then the top manifest under the tag.
 */
final class ImageCopier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClient source;
    private final RegistryClient target;
    private final boolean mount;
    private int blobsMounted;
    private int blobsUploaded;

    ImageCopier(RegistryClient source, RegistryClient target, boolean mount) {
        this.source = source;
        this.target = target;
        this.mount = mount;
    }

    Manifest copy(Repository from, Repository to, String tag) {
        Manifest top = source.getManifest(from, new Tag(tag));
        if (MediaTypes.isIndex(top.mediaType())) {
            for (Descriptor child : children(top, "manifests")) {
                copyImage(from, to, source.getManifest(from, child.digest()));
            }
        } else {
            copyImage(from, to, top);
        }
        target.putManifest(to, new Tag(tag), top);
        return top;
    }

    int blobsMounted() {
        return blobsMounted;
    }

    int blobsUploaded() {
        return blobsUploaded;
    }

    private void copyImage(Repository from, Repository to, Manifest image) {
        List<Descriptor> blobs = new ArrayList<>(children(image, "config"));
        blobs.addAll(children(image, "layers"));
        for (Descriptor blob : blobs) {
            if (target.hasBlob(to, blob.digest())) {
                continue;
            }
            if (mount && target.mountBlob(to, blob.digest(), from)) {
                blobsMounted++;
            } else {
                target.pushBlob(to, blob, () -> source.openBlob(from, blob));
                blobsUploaded++;
            }
        }
        target.putManifest(to, image.digest(), image);
    }

    /** The descriptors under {@code field}: an array (manifests, layers) or a single object (config). */
    static List<Descriptor> children(Manifest manifest, String field) {
        JsonNode root;
        try {
            root = JSON.readTree(manifest.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode node = root.get(field);
        List<Descriptor> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        for (JsonNode d : node.isArray() ? node : List.of(node)) {
            result.add(new Descriptor(d.get("mediaType").asText(), Digest.parse(d.get("digest").asText()),
                    d.get("size").asLong()));
        }
        return result;
    }
}
