package io.hagicode.imagemirror.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.MediaTypes;
import io.hagicode.imagemirror.oci.Referrer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of a fallback tag index (an OCI index of a subject's referrers), each kept as the JSON object it was
 * written as, so that a merge never rewrites what another writer put there. {@code complete} is false once a policy
 * left entries out: such a list must not stand in for the source's index bytes.
 */
record IndexEntries(Manifest manifest, Map<Digest, ObjectNode> entries, boolean complete) {

    static IndexEntries of(Manifest manifest, Object origin) {
        Map<Digest, ObjectNode> entries = new LinkedHashMap<>();
        for (ManifestDocument.Entry e : ManifestDocument.parse(manifest, origin).entries()) {
            entries.putIfAbsent(e.descriptor().digest(), e.json());
        }
        return new IndexEntries(manifest, entries, true);
    }

    /** Entries for referrers the API listed (no index behind them). */
    static IndexEntries of(List<Referrer> referrers) {
        Map<Digest, ObjectNode> entries = new LinkedHashMap<>();
        for (Referrer r : referrers) {
            ObjectNode json = ManifestDocument.JSON.createObjectNode();
            json.put("mediaType", r.mediaType());
            json.put("digest", r.digest().toString());
            json.put("size", r.size());
            if (r.artifactType() != null) {
                json.put("artifactType", r.artifactType());
            }
            entries.putIfAbsent(r.digest(), json);
        }
        return new IndexEntries(null, entries, false);
    }

    IndexEntries selected(ReferrerPolicy policy) {
        Map<Digest, ObjectNode> kept = new LinkedHashMap<>();
        entries.forEach((digest, json) -> {
            if (policy.accepts(json.path("artifactType").asText(null))) {
                kept.put(digest, json);
            }
        });
        return new IndexEntries(manifest, kept, complete && kept.size() == entries.size());
    }

    String mediaTypeOf(Digest digest) {
        return entries.get(digest).path("mediaType").asText(MediaTypes.OCI_MANIFEST);
    }

    /** The entry's artifact type, or null when its writer did not say. */
    String artifactTypeOf(Digest digest) {
        return entries.get(digest).path("artifactType").asText(null);
    }

    long sizeOf(Digest digest) {
        return entries.get(digest).path("size").asLong();
    }

    /**
     * This index with {@code added} appended (entries it already has are left as they are), as a new OCI index; the
     * bytes of an existing index are kept when nothing is added.
     */
    static Manifest merged(IndexEntries existing, Map<Digest, ObjectNode> added) {
        Map<Digest, ObjectNode> all = new LinkedHashMap<>(existing == null ? Map.of() : existing.entries());
        boolean grew = false;
        for (Map.Entry<Digest, ObjectNode> e : added.entrySet()) {
            grew |= all.putIfAbsent(e.getKey(), e.getValue()) == null;
        }
        if (!grew && existing != null) {
            return existing.manifest();
        }
        ObjectNode index = ManifestDocument.JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        new ArrayList<>(all.values()).forEach(manifests::add);
        return Manifest.of(MediaTypes.OCI_INDEX, index.toString().getBytes(StandardCharsets.UTF_8));
    }
}
