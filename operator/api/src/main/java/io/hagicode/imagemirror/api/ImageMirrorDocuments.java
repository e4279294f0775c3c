package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads ImageMirror documents from YAML, strictly: unknown fields, duplicate keys and wrong kinds are errors, because a
 * typo such as {@code incude:} silently mirroring every tag is worse than a refusal. Duplicate keys matter here: the
 * image-syncer images.yaml this project replaces lost a target to one.
 */
public final class ImageMirrorDocuments {
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A document and where it came from, for messages. */
    public record Loaded(ImageMirror mirror, String source, int documentNumber) {
        public String describe() {
            String name = mirror.getMetadata() != null && mirror.getMetadata().getName() != null
                    ? mirror.getMetadata().getName() : "(unnamed)";
            return source + " document " + documentNumber + " (" + name + ")";
        }
    }

    private ImageMirrorDocuments() {
    }

    public static List<Loaded> read(Path file) throws InvalidDocumentException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidDocumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    public static List<Loaded> parse(String yaml, String source) throws InvalidDocumentException {
        List<JsonNode> nodes = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNextValue()) {
                nodes.add(it.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidDocumentException(source + ": " + describeSyntaxError(e), e);
        }
        List<Loaded> loaded = new ArrayList<>();
        int number = 0;
        for (JsonNode node : nodes) {
            number++;
            if (node == null || node.isNull() || node.isMissingNode()) {
                continue; // an empty document, e.g. after a trailing '---'
            }
            loaded.add(new Loaded(toMirror(node, source, number), source, number));
        }
        if (loaded.isEmpty()) {
            throw new InvalidDocumentException(source + ": holds no ImageMirror document");
        }
        return loaded;
    }

    private static ImageMirror toMirror(JsonNode node, String source, int number) throws InvalidDocumentException {
        String where = source + " document " + number;
        if (!node.isObject()) {
            throw new InvalidDocumentException(where + ": expected a mapping with apiVersion, kind, metadata and spec");
        }
        String apiVersion = node.path("apiVersion").asText(null);
        String kind = node.path("kind").asText(null);
        if (!ImageMirror.API_VERSION.equals(apiVersion) || !"ImageMirror".equals(kind)) {
            throw new InvalidDocumentException(where + ": apiVersion/kind = '" + apiVersion + "'/'" + kind
                    + "': expected apiVersion: " + ImageMirror.API_VERSION + " and kind: ImageMirror");
        }
        ImageMirror mirror;
        try {
            mirror = YAML.treeToValue(node, ImageMirror.class);
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(where + ": " + describeMappingError(e), e);
        }
        if (mirror.getMetadata() == null || mirror.getMetadata().getName() == null
                || mirror.getMetadata().getName().isBlank()) {
            throw new InvalidDocumentException(where + ": metadata.name is required");
        }
        // ObjectMeta keeps unknown keys instead of failing; a typo there must not pass either.
        Map<String, Object> extra = mirror.getMetadata().getAdditionalProperties();
        if (extra != null && !extra.isEmpty()) {
            throw new InvalidDocumentException(where + ": metadata." + extra.keySet().iterator().next()
                    + ": unknown field");
        }
        if (mirror.getSpec() == null) {
            throw new InvalidDocumentException(where + ": spec is required");
        }
        return mirror;
    }

    private static String describeSyntaxError(Exception e) {
        if (e instanceof JsonParseException p) {
            return "invalid YAML" + line(p.getLocation()) + ": " + p.getOriginalMessage();
        }
        if (e instanceof JsonProcessingException p) {
            return "invalid YAML" + line(p.getLocation()) + ": " + p.getOriginalMessage();
        }
        return "invalid YAML: " + e.getMessage();
    }

    private static String describeMappingError(JsonProcessingException e) {
        String path = e instanceof JsonMappingException m ? fieldPath(m.getPath()) : "";
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds();
            return path + ": unknown field" + (known == null || known.isEmpty() ? "" : "; known fields here: "
                    + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        }
        String message = e.getOriginalMessage();
        // Jackson's type errors are long and Java-flavoured; keep the first sentence.
        int cut = message.indexOf('\n');
        return (path.isEmpty() ? "" : path + ": ") + (cut > 0 ? message.substring(0, cut) : message);
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String line(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " at line " + location.getLineNr();
    }
}
