package io.hagicode.imagemirror.app.importer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One key of a top-level YAML mapping, with its value and the line it starts on. Kept as a list, not a map, so that a
 * key written twice is seen twice.
 */
record YamlEntry(String file, String key, int line, JsonNode value) {
    String where() {
        return file + " line " + line + ", key '" + key + "'";
    }
}
