package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The objects of a rendered (or hand-written) multi-document YAML stream, with lookups by kind and name. */
record Manifests(List<Map<String, Object>> objects, String source) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Manifests parse(String yaml, String source) {
        List<Map<String, Object>> objects = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            MappingIterator<Map> it = YAML.readValues(parser, Map.class);
            while (it.hasNextValue()) {
                Map value = it.nextValue();
                if (value != null) {
                    objects.add(value);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered " + source + " is not YAML", e);
        }
        return new Manifests(objects, source);
    }

    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = all(kind);
        assertThat(found).as("objects of kind " + kind + " in " + source).hasSize(1);
        return found.get(0);
    }

    List<String> ids() {
        return objects.stream().map(o -> o.get("kind") + "/" + Yaml.str(o, "metadata", "name")).toList();
    }
}
