package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one tag's content consists of, in the order a target must receive it: {@code blobs} first, then
 * {@code children} (child manifests, each after its own children), then {@code root} (pushed by tag). Each blob and
 * child appears once, however many platforms share it.
 */
record ImageGraph(Manifest root, List<Manifest> children, List<Descriptor> blobs) {
    ImageGraph {
        children = List.copyOf(children);
        blobs = List.copyOf(blobs);
    }

    static ImageGraph leaf(Manifest manifest, List<Descriptor> blobs) {
        return new ImageGraph(manifest, List.of(), distinct(blobs));
    }

    static ImageGraph index(Manifest root, List<Descriptor> ownBlobs, List<ImageGraph> childGraphs) {
        Map<Digest, Manifest> children = new LinkedHashMap<>();
        List<Descriptor> blobs = new ArrayList<>(ownBlobs);
        for (ImageGraph child : childGraphs) {
            child.children().forEach(m -> children.putIfAbsent(m.digest(), m));
            children.putIfAbsent(child.root().digest(), child.root());
            blobs.addAll(child.blobs());
        }
        return new ImageGraph(root, new ArrayList<>(children.values()), distinct(blobs));
    }

    private static List<Descriptor> distinct(List<Descriptor> blobs) {
        Map<Digest, Descriptor> byDigest = new LinkedHashMap<>();
        blobs.forEach(b -> byDigest.putIfAbsent(b.digest(), b));
        return new ArrayList<>(byDigest.values());
    }
}
