package io.hagicode.imagemirror.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.MediaTypes;
import io.hagicode.imagemirror.oci.Platform;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The platform filter of a mirror, applied to indexes (OCI image indexes and Docker manifest lists).
 * <ul>
 *   <li>An empty filter selects everything: every manifest is copied as is, digests preserved.</li>
 *   <li>An index whose every entry is selected is copied as is, so its digest is preserved.</li>
 *   <li>Otherwise a new index is pushed: the source's mediaType and schemaVersion, the selected entries copied
 *       verbatim, the source's annotations, and two more: {@value #SOURCE_DIGEST} (the source index digest) and
 *       {@value #PLATFORMS} (the filter). Those let the next sync see that the target is current with one GET at the
 *       target and none at the source.</li>
 *   <li>Attestation entries (BuildKit's {@code vnd.docker.reference.type: attestation-manifest}) follow the image
 *       they describe.</li>
 *   <li>An index with no selected entry cannot be mirrored: that is an error naming the filter and what the index
 *       has.</li>
 *   <li>A single-platform manifest is copied as is, whatever its platform: telling it would cost a GET of its config
 *       blob, and a repository of single-platform images is usually mirrored for that one platform anyway.</li>
 * </ul>
 */
final class PlatformSelection {
    static final String SOURCE_DIGEST = "io.hagicode.imagemirror.source-digest";
    static final String PLATFORMS = "io.hagicode.imagemirror.platforms";
    private static final String REFERENCE_TYPE = "vnd.docker.reference.type";
    private static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";

    private final List<Platform> filter;
    private final String filterValue;

    PlatformSelection(List<Platform> filter) {
        this.filter = List.copyOf(filter);
        this.filterValue = filter.stream().map(Platform::toString).collect(Collectors.toCollection(TreeSet::new))
                .stream().collect(Collectors.joining(","));
    }

    boolean selectsEverything() {
        return filter.isEmpty();
    }

    /** The filter as written in the annotation: sorted, so reordering the list in the spec changes nothing. */
    String filterValue() {
        return filterValue;
    }

    /** True when the filter applies to a manifest of this type: only to the two known index types. */
    boolean appliesTo(String mediaType) {
        return !filter.isEmpty() && MediaTypes.isIndex(mediaType);
    }

    /** The selected entries and the manifest to push for them. */
    record Selected(List<ManifestDocument.Entry> entries, Manifest manifest) {
    }

    Selected select(Manifest index, ManifestDocument doc, Object origin) {
        List<ManifestDocument.Entry> entries = doc.entries();
        Set<Digest> chosenImages = new LinkedHashSet<>();
        for (ManifestDocument.Entry e : entries) {
            Platform p = e.descriptor().platform();
            if (p != null && filter.stream().anyMatch(f -> f.selects(p))) {
                chosenImages.add(e.descriptor().digest());
            }
        }
        if (chosenImages.isEmpty()) {
            throw new RegistryException(RegistryErrorKind.MANIFEST_UNKNOWN, 0, "index " + index.digest() + " of "
                    + origin + " has no manifest for platforms " + filterValue + "; it has " + present(entries));
        }
        List<ManifestDocument.Entry> chosen = entries.stream().filter(e -> isChosen(e, chosenImages)).toList();
        if (chosen.size() == entries.size()) {
            return new Selected(entries, index);
        }
        return new Selected(chosen, Manifest.of(index.mediaType(), filteredBytes(doc, chosen, index.digest())));
    }

    private static boolean isChosen(ManifestDocument.Entry e, Set<Digest> chosenImages) {
        if (chosenImages.contains(e.descriptor().digest())) {
            return true;
        }
        String describes = e.annotation(REFERENCE_DIGEST);
        return "attestation-manifest".equals(e.annotation(REFERENCE_TYPE)) && describes != null
                && chosenImages.stream().anyMatch(d -> d.toString().equals(describes));
    }

    private byte[] filteredBytes(ManifestDocument doc, List<ManifestDocument.Entry> chosen, Digest sourceDigest) {
        ObjectNode source = doc.json();
        ObjectNode out = ManifestDocument.JSON.createObjectNode();
        copyField(source, out, "schemaVersion");
        copyField(source, out, "mediaType");
        ArrayNode manifests = out.putArray("manifests");
        chosen.forEach(e -> manifests.add(e.json().deepCopy()));
        ObjectNode annotations = out.putObject("annotations");
        JsonNode sourceAnnotations = source.get("annotations");
        if (sourceAnnotations instanceof ObjectNode obj) {
            annotations.setAll(obj.deepCopy());
        }
        annotations.put(SOURCE_DIGEST, sourceDigest.toString());
        annotations.put(PLATFORMS, filterValue);
        try {
            return ManifestDocument.JSON.writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a filtered index", e);
        }
    }

    private static void copyField(ObjectNode from, ObjectNode to, String field) {
        if (from.has(field)) {
            to.set(field, from.get(field).deepCopy());
        }
    }

    /** True when {@code targetIndex} is what this filter made from the source index {@code sourceDigest}. */
    boolean isFilteredCopyOf(ManifestDocument targetIndex, Digest sourceDigest) {
        var annotations = targetIndex.annotations();
        return sourceDigest.toString().equals(annotations.get(SOURCE_DIGEST))
                && filterValue.equals(annotations.get(PLATFORMS));
    }

    private static String present(List<ManifestDocument.Entry> entries) {
        Set<String> platforms = new TreeSet<>();
        entries.forEach(e -> platforms.add(e.descriptor().platform() == null ? "(none)"
                : e.descriptor().platform().toString()));
        return platforms.isEmpty() ? "no manifests" : String.join(", ", platforms);
    }
}
