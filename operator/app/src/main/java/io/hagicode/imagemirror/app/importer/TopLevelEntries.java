package io.hagicode.imagemirror.app.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads image-syncer's auth and images files (YAML, or JSON, which YAML reads too) token by token, because a tree or
 * map parser keeps only the last of two equal keys. The seed's images.yaml names its source twice, once per target:
 * read as a map, one target silently disappears. Here the top-level keys come back in order, duplicates included;
 * a duplicate inside a nested mapping (e.g. two {@code password:} lines) has no sensible merge and is an error.
 */
final class TopLevelEntries {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TopLevelEntries() {
    }

    static List<YamlEntry> read(Path file) throws ImportException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ImportException(file + ": no such file");
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    static List<YamlEntry> parse(String text, String file) throws ImportException {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return List.of();
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ImportException(file + " line " + line(parser)
                        + ": expected a mapping of keys to values at the top level");
            }
            List<YamlEntry> entries = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int line = line(parser);
                parser.nextToken();
                entries.add(new YamlEntry(file, key, line, value(parser, file, key)));
            }
            JsonToken after = parser.nextToken();
            if (after != null && after != JsonToken.VALUE_NULL) {
                throw new ImportException(file + " line " + line(parser)
                        + ": holds more than one YAML document; image-syncer reads only the first, so merge them");
            }
            return entries;
        } catch (JsonProcessingException e) {
            throw new ImportException(file + ": invalid YAML"
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()) + ": "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonNode value(JsonParser parser, String file, String path) throws IOException, ImportException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> mapping(parser, file, path);
            case START_ARRAY -> sequence(parser, file, path);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(parser.getBooleanValue());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NODES.textNode(parser.getText());
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new ImportException(file + " line " + line(parser) + ", key '" + path
                    + "': unexpected " + parser.currentToken());
        };
    }

    private static ObjectNode mapping(JsonParser parser, String file, String path) throws IOException, ImportException {
        ObjectNode node = NODES.objectNode();
        Map<String, Integer> seen = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int line = line(parser);
            Integer earlier = seen.putIfAbsent(key, line);
            if (earlier != null) {
                throw new ImportException(file + " line " + line + ": key '" + path + "." + key
                        + "' is written twice (first at line " + earlier + "); keep one");
            }
            parser.nextToken();
            node.set(key, value(parser, file, path + "." + key));
        }
        return node;
    }

    private static ArrayNode sequence(JsonParser parser, String file, String path) throws IOException, ImportException {
        ArrayNode node = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            node.add(value(parser, file, path + "[" + node.size() + "]"));
        }
        return node;
    }

    /** The YAML library appends the offending line of text, which in auth.yaml may hold a password. */
    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int cut = message.indexOf('\n');
        return cut < 0 ? message : message.substring(0, cut);
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }
}
