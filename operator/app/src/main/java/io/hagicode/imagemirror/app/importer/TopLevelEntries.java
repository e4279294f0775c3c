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
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads image-syncer's auth and images files (YAML, or JSON, which YAML reads too) token by token, because a tree or
 * map parser keeps only the last of two equal keys. The seed's images.yaml names its source twice, once per target:
 * read as a map, one target silently disappears. Here the top-level keys come back in order, duplicates included;
 * a duplicate inside a nested mapping (e.g. two {@code password:} lines) has no sensible merge and is an error.
 */
final class TopLevelEntries {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * Where SnakeYAML's message points, e.g. {@code  in 'reader', line 2, column 1:}. Each such mark is followed by
     * the offending line of text, indented, which in an auth file may hold a password: only the marks' line numbers
     * and the explanations are kept.
     */
    private static final Pattern MARK = Pattern.compile(" in '[^']*', line (\\d+), column \\d+:");

    /** A YAML number, as written. */
    record NumberText(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private TopLevelEntries() {
    }

    static List<YamlEntry> read(Path file) throws ImportException {
        return parse(text(file), file.toString());
    }

    /**
     * image-syncer's older single file ({@code --config}): the auth and images mappings side by side, each read as
     * {@link #read} reads a whole file. A section left out is empty.
     */
    static Map<String, List<YamlEntry>> readSections(Path file, List<String> sections) throws ImportException {
        String name = file.toString();
        try (JsonParser parser = YAML.createParser(text(file))) {
            Map<String, List<YamlEntry>> read = new LinkedHashMap<>();
            sections.forEach(section -> read.put(section, List.of()));
            if (!startMapping(parser, name)) {
                return read;
            }
            Map<String, Integer> seen = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String section = parser.currentName();
                int line = line(parser);
                if (!sections.contains(section)) {
                    throw new ImportException(name + " line " + line + ": unknown key '" + section + "' (this file "
                            + "holds " + String.join(" and ", sections.stream().map(s -> "'" + s + "'").toList())
                            + ")");
                }
                Integer earlier = seen.putIfAbsent(section, line);
                if (earlier != null) {
                    throw new ImportException(name + " line " + line + ": key '" + section + "' is written twice "
                            + "(first at line " + earlier + "); merge them");
                }
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT) {
                    read.put(section, entries(parser, name));
                } else if (value != JsonToken.VALUE_NULL) {
                    throw new ImportException(name + " line " + line + ": '" + section + "' must be a mapping");
                }
            }
            endOfDocument(parser, name);
            return read;
        } catch (JsonProcessingException e) {
            throw invalidYaml(name, e);
        } catch (IOException e) {
            throw new ImportException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    static List<YamlEntry> parse(String text, String file) throws ImportException {
        try (JsonParser parser = YAML.createParser(text)) {
            if (!startMapping(parser, file)) {
                return List.of();
            }
            List<YamlEntry> entries = entries(parser, file);
            endOfDocument(parser, file);
            return entries;
        } catch (JsonProcessingException e) {
            throw invalidYaml(file, e);
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String text(Path file) throws ImportException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ImportException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new ImportException(file + ": not UTF-8 text (image-syncer's files are YAML or JSON)");
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** False for an empty document; an error for anything but a mapping. */
    private static boolean startMapping(JsonParser parser, String file) throws IOException, ImportException {
        JsonToken first = parser.nextToken();
        if (first == null || first == JsonToken.VALUE_NULL) {
            return false;
        }
        if (first != JsonToken.START_OBJECT) {
            throw new ImportException(file + " line " + line(parser)
                    + ": expected a mapping of keys to values at the top level");
        }
        return true;
    }

    /** The keys of the mapping the parser is in, in order, repeats included, up to its end. */
    private static List<YamlEntry> entries(JsonParser parser, String file) throws IOException, ImportException {
        List<YamlEntry> entries = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int line = line(parser);
            parser.nextToken();
            entries.add(new YamlEntry(file, key, line, value(parser, file, key)));
        }
        return entries;
    }

    private static void endOfDocument(JsonParser parser, String file) throws IOException, ImportException {
        JsonToken after = parser.nextToken();
        if (after != null && after != JsonToken.VALUE_NULL) {
            throw new ImportException(file + " line " + line(parser)
                    + ": holds more than one YAML document; image-syncer reads only the first, so merge them");
        }
    }

    private static ImportException invalidYaml(String file, JsonProcessingException e) {
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        String message = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
        List<String> said = new ArrayList<>();
        for (String text : message.split("\n")) {
            Matcher mark = MARK.matcher(text);
            if (mark.lookingAt()) {
                line = Integer.parseInt(mark.group(1));
            } else if (!text.startsWith("    ") && !text.isBlank()) {
                said.add(text.strip());
            }
        }
        String what = said.isEmpty() ? "syntax error" : said.get(0).startsWith("Expected a field name")
                ? "a key must be a plain string" : String.join("; ", said);
        return new ImportException(file + ": invalid YAML" + (line > 0 ? " at line " + line : "") + ": " + what, e);
    }

    private static JsonNode value(JsonParser parser, String file, String path) throws IOException, ImportException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> mapping(parser, file, path);
            case START_ARRAY -> sequence(parser, file, path);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(parser.getBooleanValue());
            // Kept as written (a password 0123 stays 0123) but not as a string: image-syncer's Go decoding reads a number
            // into a string field (auth) and fails on one where a destination should be.
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NODES.pojoNode(new NumberText(parser.getText()));
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

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }
}
