package io.hagicode.imagemirror.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The OCI error document, {@code {"errors":[{"code","message","detail"}]}}, and what its codes mean to us. */
final class OciErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL_CHARS = 200;
    private static final Map<String, RegistryErrorKind> KINDS = Map.ofEntries(
            Map.entry("UNAUTHORIZED", RegistryErrorKind.UNAUTHORIZED),
            Map.entry("DENIED", RegistryErrorKind.DENIED),
            Map.entry("NAME_UNKNOWN", RegistryErrorKind.NAME_UNKNOWN),
            Map.entry("MANIFEST_UNKNOWN", RegistryErrorKind.MANIFEST_UNKNOWN),
            Map.entry("BLOB_UNKNOWN", RegistryErrorKind.BLOB_UNKNOWN),
            Map.entry("MANIFEST_BLOB_UNKNOWN", RegistryErrorKind.BLOB_UNKNOWN),
            Map.entry("TOOMANYREQUESTS", RegistryErrorKind.TOO_MANY_REQUESTS),
            Map.entry("DIGEST_INVALID", RegistryErrorKind.DIGEST_MISMATCH),
            Map.entry("SIZE_INVALID", RegistryErrorKind.DIGEST_MISMATCH));

    /** One entry of the document. {@code detail} is flattened to short JSON text. */
    record OciError(String code, String message, String detail) {
    }

    private OciErrors() {
    }

    /** The entries of an error body; empty when the body is not an OCI error document (e.g. a proxy's HTML page). */
    static List<OciError> parse(byte[] body) {
        if (body.length == 0) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return List.of();
        }
        JsonNode errors = root == null ? null : root.get("errors");
        if (errors == null || !errors.isArray()) {
            return List.of();
        }
        List<OciError> result = new ArrayList<>();
        for (JsonNode entry : errors) {
            if (entry.isObject()) {
                result.add(new OciError(text(entry.get("code")), text(entry.get("message")), detail(entry.get("detail"))));
            }
        }
        return result;
    }

    /** The kind for an OCI error code, if it is one we distinguish. */
    static RegistryErrorKind kindOf(String code) {
        return code == null ? null : KINDS.get(code.toUpperCase(java.util.Locale.ROOT));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText("");
    }

    private static String detail(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        String text = node.isTextual() ? node.asText() : node.toString();
        return text.length() > MAX_DETAIL_CHARS ? text.substring(0, MAX_DETAIL_CHARS) + "..." : text;
    }
}
