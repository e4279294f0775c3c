package io.hagicode.imagemirror.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * The media type of a served manifest. The response's Content-Type is taken as is, whatever it is, so artifact
 * manifests of types this client does not know are copied verbatim. Only when the registry sent no specific type does
 * the manifest's own {@code mediaType} field decide (and for an OCI manifest without one, its shape).
 */
final class ManifestMediaType {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Content types that say nothing about which manifest this is. */
    private static final Set<String> GENERIC = Set.of("", "application/json", "text/plain", "application/octet-stream");

    private ManifestMediaType() {
    }

    static String of(String contentType, byte[] bytes, String what) {
        String base = baseType(contentType);
        if (!GENERIC.contains(base)) {
            return base;
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw invalid(what, "the manifest is not JSON and the registry sent no media type");
        }
        if (root != null && root.isObject()) {
            JsonNode mediaType = root.get("mediaType");
            if (mediaType != null && mediaType.isTextual() && !mediaType.asText().isBlank()) {
                return mediaType.asText().strip();
            }
            if (root.has("manifests")) {
                return MediaTypes.OCI_INDEX;
            }
            if (root.has("config") && root.has("layers")) {
                return MediaTypes.OCI_MANIFEST;
            }
        }
        if (!base.isEmpty()) {
            return base;
        }
        throw invalid(what, "the registry sent no media type and the manifest names none");
    }

    /** {@code type/subtype} without parameters such as {@code ; charset=utf-8}. */
    static String baseType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    }

    private static RegistryException invalid(String what, String why) {
        return new RegistryException(RegistryErrorKind.INVALID_RESPONSE, 200, what + " failed: " + why);
    }
}
