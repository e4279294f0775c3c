package io.hagicode.imagemirror.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.Platform;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine reads from a manifest's JSON: child manifests (an index's {@code manifests}) and blobs
 * ({@code config}, {@code layers}, and an artifact's {@code blobs}). Read only: the bytes that get pushed are always the
 * registry's own, except for an index the platform filter rebuilds on purpose ({@link PlatformSelection}).
 * <p>
 * Layers that registries do not store (Docker foreign layers, OCI non-distributable layers) are left out, as skopeo
 * does: they are fetched from their {@code urls} by whoever pulls them.
 */
final class ManifestDocument {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String mediaType;
    private final ObjectNode root;
    private final List<Entry> entries;
    private final List<Descriptor> blobs;

    private ManifestDocument(String mediaType, ObjectNode root, List<Entry> entries, List<Descriptor> blobs) {
        this.mediaType = mediaType;
        this.root = root;
        this.entries = entries;
        this.blobs = blobs;
    }

    /** One entry of an index: the descriptor, and the JSON object exactly as the source wrote it. */
    record Entry(Descriptor descriptor, ObjectNode json) {
        String annotation(String key) {
            JsonNode v = json.path("annotations").get(key);
            return v != null && v.isTextual() ? v.asText() : null;
        }
    }

    /** Jackson names where a nested token started as "[Source: REDACTED (...); line: 1, column: 32]"; keep the position. */
    private static String withoutSourceNoise(String message) {
        return message.replaceAll("\\[Source: .*?; (line: \\d+, column: \\d+)]", "[$1]");
    }

    /** Parses {@code manifest}; {@code origin} (a repository) goes into the message when it is not valid JSON. */
    static ManifestDocument parse(Manifest manifest, Object origin) {
        JsonNode tree;
        try {
            tree = JSON.readTree(manifest.bytes());
        } catch (JsonProcessingException e) {
            throw invalid(manifest, origin, "is not JSON (" + withoutSourceNoise(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw invalid(manifest, origin, "is not readable JSON (" + e.getMessage() + ")");
        }
        if (!(tree instanceof ObjectNode root)) {
            throw invalid(manifest, origin, "is not a JSON object");
        }
        String type = manifest.mediaType();
        if (type == null || type.isBlank()) {
            type = root.path("mediaType").asText("");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode child : root.path("manifests")) {
            if (!(child instanceof ObjectNode obj)) {
                throw invalid(manifest, origin, "has a manifests entry that is not an object");
            }
            entries.add(new Entry(descriptor(obj, manifest, origin), obj));
        }
        List<Descriptor> blobs = new ArrayList<>();
        JsonNode config = root.get("config");
        if (config instanceof ObjectNode obj) {
            blobs.add(descriptor(obj, manifest, origin));
        }
        for (String field : List.of("layers", "blobs")) {
            for (JsonNode layer : root.path(field)) {
                if (!(layer instanceof ObjectNode obj)) {
                    throw invalid(manifest, origin, "has a " + field + " entry that is not an object");
                }
                Descriptor d = descriptor(obj, manifest, origin);
                if (!isNotDistributed(d.mediaType())) {
                    blobs.add(d);
                }
            }
        }
        return new ManifestDocument(type, root, List.copyOf(entries), List.copyOf(blobs));
    }

    private static boolean isNotDistributed(String mediaType) {
        return mediaType != null && (mediaType.contains(".foreign.") || mediaType.contains(".nondistributable."));
    }

    private static Descriptor descriptor(ObjectNode obj, Manifest manifest, Object origin) {
        Digest digest;
        try {
            digest = Digest.parse(obj.path("digest").asText(null));
        } catch (IllegalArgumentException e) {
            throw invalid(manifest, origin, "has a descriptor with " + e.getMessage());
        }
        JsonNode size = obj.get("size");
        if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
            throw invalid(manifest, origin, "has no valid size for " + digest);
        }
        return new Descriptor(obj.path("mediaType").asText(null), digest, size.asLong(), platform(obj.get("platform")));
    }

    private static Platform platform(JsonNode node) {
        if (node == null || !node.isObject() || !node.hasNonNull("os") || !node.hasNonNull("architecture")) {
            return null;
        }
        return new Platform(node.get("os").asText(), node.get("architecture").asText(),
                node.hasNonNull("variant") ? node.get("variant").asText() : null);
    }

    private static RegistryException invalid(Manifest manifest, Object origin, String problem) {
        return new RegistryException(RegistryErrorKind.INVALID_RESPONSE, 0,
                "manifest " + manifest.digest() + " from " + origin + " " + problem);
    }

    String mediaType() {
        return mediaType;
    }

    /** True when it lists child manifests: an OCI index, a Docker manifest list, or an artifact shaped like one. */
    boolean isIndex() {
        return root.has("manifests");
    }

    List<Entry> entries() {
        return entries;
    }

    List<Descriptor> blobs() {
        return blobs;
    }

    ObjectNode json() {
        return root;
    }

    Map<String, String> annotations() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("annotations").properties()) {
            if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }
}
