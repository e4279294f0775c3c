package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The static checks a real API server applies to a CRD's schema when the CRD is created, restated from
 * k8s.io/apiextensions-apiserver: pkg/apiserver/schema/validation.go ({@code validateStructuralInvariants}: a
 * structural schema), pkg/apis/apiextensions/validation/validation.go ({@code ValidateCustomResourceDefinitionOpenAPISchema},
 * {@code specStandardValidatorV3}, {@code validateMapListKeysMapSet}, printer columns) and the rule collection of
 * cel_validation.go (a rule's cardinality is the product of the {@code maxItems} above it). Each method returns the
 * violations as "path: problem" lines; an empty list means the API server would accept that part. What the checks
 * do not model (anyOf/allOf/oneOf/not, embedded resources) is reported as a violation, never silently passed.
 */
final class CrdSchemaRules {
    /** A cardinality the schema does not bound: some list or map above the node has no maxItems/maxProperties. */
    static final long UNBOUNDED = -1;

    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "array", "object");
    private static final Set<String> LIST_TYPES = Set.of("atomic", "set", "map");
    private static final Set<String> COLUMN_TYPES = Set.of("integer", "number", "string", "boolean", "date");
    private static final Set<String> COLUMN_FORMATS = Set.of("int32", "int64", "float", "double", "byte", "date",
            "date-time", "password");
    /** String formats the API server sizes without a maxLength (apiserver/pkg/cel/common/schemas.go). */
    private static final Set<String> SIZED_FORMATS = Set.of("date", "date-time", "duration");
    /** Java regex constructs Go's RE2, which the API server compiles patterns with, does not have. */
    private static final Pattern NOT_RE2 = Pattern.compile("\\(\\?[=!<>]|\\\\[1-9]|[*+?}]\\+");

    private CrdSchemaRules() {
    }

    enum Level { ROOT, ITEMS, FIELD }

    /** An {@code x-kubernetes-validations} rule, where it sits and how many times one object can make it run. */
    record Rule(String path, ValidationRule rule, JSONSchemaProps schema, long cardinality) {
    }

    private interface Visitor {
        void visit(JSONSchemaProps node, String path, Level level, long cardinality);
    }

    static List<String> structuralViolations(JSONSchemaProps root) {
        List<String> out = new ArrayList<>();
        walk(root, "openAPIV3Schema", Level.ROOT, 1, (node, path, level, cardinality) -> {
            boolean untyped = node.getType() == null || node.getType().isEmpty();
            if (untyped && !Boolean.TRUE.equals(node.getXKubernetesIntOrString())
                    && !Boolean.TRUE.equals(node.getXKubernetesPreserveUnknownFields())) {
                out.add(path + ".type: must not be empty (" + level + ")");
            }
            if (!untyped && !TYPES.contains(node.getType())) {
                out.add(path + ".type: '" + node.getType() + "' is not one of " + TYPES);
            }
            if ("array".equals(node.getType()) && (node.getItems() == null || node.getItems().getSchema() == null)) {
                out.add(path + ".items: must be specified, as one schema");
            }
            if (node.getAdditionalProperties() != null && given(node.getProperties())) {
                out.add(path + ": additionalProperties and properties are mutually exclusive");
            }
            if (level == Level.ROOT && node.getAdditionalProperties() != null) {
                out.add(path + ".additionalProperties: must not be used at the root");
            }
            if (level == Level.ROOT && !"object".equals(node.getType())) {
                out.add(path + ".type: must be object at the root");
            }
            if (given(node.getAllOf()) || given(node.getAnyOf()) || given(node.getOneOf()) || given(node.getNot())
                    || Boolean.TRUE.equals(node.getXKubernetesEmbeddedResource())) {
                out.add(path + ": uses allOf/anyOf/oneOf/not or an embedded resource, which these checks do not model");
            }
            if (given(node.get$ref()) || given(node.getId()) || given(node.getDefinitions())
                    || given(node.getDependencies()) || given(node.getPatternProperties())
                    || given(node.getAdditionalItems())) {
                out.add(path + ": $ref, id, definitions, dependencies, patternProperties and additionalItems are "
                        + "not supported");
            }
            if (Boolean.FALSE.equals(node.getXKubernetesPreserveUnknownFields())) {
                out.add(path + ".x-kubernetes-preserve-unknown-fields: must be true or undefined");
            }
            if (node.getXKubernetesMapType() != null && !"object".equals(node.getType())) {
                out.add(path + ".x-kubernetes-map-type: only on objects");
            }
            if (level == Level.ROOT) {
                out.addAll(rootMetadataViolations(node, path));
            }
            out.addAll(valueViolations(node, path));
        });
        return out;
    }

    /** metadata may only restrict name and generateName; kind and apiVersion are strings. */
    private static List<String> rootMetadataViolations(JSONSchemaProps root, String path) {
        List<String> out = new ArrayList<>();
        Map<String, JSONSchemaProps> properties = root.getProperties() == null ? Map.of() : root.getProperties();
        for (String name : List.of("kind", "apiVersion")) {
            if (properties.containsKey(name) && !"string".equals(properties.get(name).getType())) {
                out.add(path + ".properties[" + name + "].type: must be string");
            }
        }
        JSONSchemaProps metadata = properties.get("metadata");
        if (metadata != null) {
            Set<String> allowed = Set.of("name", "generateName");
            boolean onlyNames = metadata.getProperties() == null || allowed.containsAll(metadata.getProperties().keySet());
            if (!"object".equals(metadata.getType()) || !onlyNames || metadata.getDefault() != null) {
                out.add(path + ".properties[metadata]: must not specify anything other than name and generateName");
            }
        }
        return out;
    }

    /** Patterns, defaults and rule messages: what the API server checks on a single node's values. */
    private static List<String> valueViolations(JSONSchemaProps node, String path) {
        List<String> out = new ArrayList<>();
        if (node.getPattern() != null) {
            try {
                Pattern.compile(node.getPattern());
                if (NOT_RE2.matcher(node.getPattern()).find()) {
                    out.add(path + ".pattern: uses a construct Go's RE2 lacks (lookaround, backreference, possessive)");
                }
            } catch (PatternSyntaxException e) {
                out.add(path + ".pattern: does not compile: " + e.getDescription());
            }
        }
        if (node.getDefault() != null) {
            out.addAll(defaultViolations(node, path));
        }
        for (ValidationRule rule : node.getXKubernetesValidations() == null ? List.<ValidationRule>of()
                : node.getXKubernetesValidations()) {
            if (rule.getRule() == null || rule.getRule().isBlank()) {
                out.add(path + ".x-kubernetes-validations: rule is not specified");
            }
            if (rule.getMessage() != null && (rule.getMessage().isBlank() || rule.getMessage().matches("(?s).*[\\n\\r].*"))) {
                out.add(path + ".x-kubernetes-validations: message must be non-empty and on one line");
            }
        }
        return out;
    }

    /** A default must be valid against its own schema: the API server validates (and prunes) it at CRD creation. */
    private static List<String> defaultViolations(JSONSchemaProps node, String path) {
        JsonNode value = node.getDefault();
        String type = node.getType() == null ? "" : node.getType();
        boolean typed = switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> false;
        };
        if (!typed) {
            return List.of(path + ".default: " + value + " is not a " + type + " (only scalar defaults are checked)");
        }
        List<String> out = new ArrayList<>();
        if (value.isTextual()) {
            String text = value.asText();
            if (node.getMaxLength() != null && text.codePointCount(0, text.length()) > node.getMaxLength()) {
                out.add(path + ".default: longer than maxLength");
            }
            if (node.getPattern() != null && !Pattern.compile(node.getPattern()).matcher(text).find()) {
                out.add(path + ".default: does not match the pattern");
            }
        }
        if (value.isNumber() && ((node.getMinimum() != null && value.asDouble() < node.getMinimum())
                || (node.getMaximum() != null && value.asDouble() > node.getMaximum()))) {
            out.add(path + ".default: outside minimum/maximum");
        }
        if (node.getEnum() != null && !node.getEnum().isEmpty() && !node.getEnum().contains(value)) {
            out.add(path + ".default: not one of the enum values");
        }
        return out;
    }

    /**
     * {@code x-kubernetes-list-type} is atomic, set or map, on arrays only; a map list has items of type object, and
     * each key is a scalar property of the items that is required or has a default and is not nullable.
     */
    static List<String> listTypeViolations(JSONSchemaProps root) {
        List<String> out = new ArrayList<>();
        walk(root, "openAPIV3Schema", Level.ROOT, 1, (node, path, level, cardinality) -> {
            String listType = node.getXKubernetesListType();
            List<String> keys = node.getXKubernetesListMapKeys() == null ? List.of() : node.getXKubernetesListMapKeys();
            if (!keys.isEmpty() && !"map".equals(listType)) {
                out.add(path + ".x-kubernetes-list-type: must be map if x-kubernetes-list-map-keys is non-empty");
            }
            if (listType == null) {
                return;
            }
            if (!"array".equals(node.getType())) {
                out.add(path + ".x-kubernetes-list-type: only on arrays");
                return;
            }
            if (!LIST_TYPES.contains(listType)) {
                out.add(path + ".x-kubernetes-list-type: '" + listType + "' is not one of " + LIST_TYPES);
            }
            JSONSchemaProps items = node.getItems() == null ? null : node.getItems().getSchema();
            if (items != null && Boolean.TRUE.equals(items.getNullable()) && !"atomic".equals(listType)) {
                out.add(path + ".items.nullable: not with x-kubernetes-list-type " + listType);
            }
            if (!"map".equals(listType)) {
                return;
            }
            if (keys.isEmpty()) {
                out.add(path + ".x-kubernetes-list-map-keys: must not be empty if x-kubernetes-list-type is map");
            }
            if (items == null || !"object".equals(items.getType())) {
                out.add(path + ".items.type: must be object if x-kubernetes-list-type is map");
                return;
            }
            List<String> required = items.getRequired() == null ? List.of() : items.getRequired();
            Set<String> seen = new HashSet<>();
            for (String key : keys) {
                JSONSchemaProps property = items.getProperties() == null ? null : items.getProperties().get(key);
                if (!seen.add(key)) {
                    out.add(path + ".x-kubernetes-list-map-keys: " + key + " appears twice");
                }
                if (property == null) {
                    out.add(path + ".x-kubernetes-list-map-keys: " + key + " is not a property of the items");
                    continue;
                }
                if ("array".equals(property.getType()) || "object".equals(property.getType())) {
                    out.add(path + ".items.properties[" + key + "].type: must be a scalar type (a list-map key)");
                }
                if (!required.contains(key) && property.getDefault() == null) {
                    out.add(path + ".items.properties[" + key + "]: a list-map key must be required or have a default");
                }
                if (Boolean.TRUE.equals(property.getNullable())) {
                    out.add(path + ".items.properties[" + key + "].nullable: a list-map key cannot be nullable");
                }
            }
        });
        return out;
    }

    /**
     * Strings without maxLength (or an enum, or a format the API server sizes), lists without maxItems and maps
     * without maxProperties: the API server would cost any CEL rule reaching them as if they filled the request.
     */
    static List<String> unboundedValues(JSONSchemaProps root) {
        List<String> out = new ArrayList<>();
        walk(root, "openAPIV3Schema", Level.ROOT, 1, (node, path, level, cardinality) -> {
            String type = node.getType() == null ? "" : node.getType();
            boolean bounded = switch (type) {
                case "string" -> node.getMaxLength() != null || (node.getEnum() != null && !node.getEnum().isEmpty())
                        || (node.getFormat() != null && SIZED_FORMATS.contains(node.getFormat()));
                case "array" -> node.getMaxItems() != null;
                case "object" -> node.getAdditionalProperties() == null || node.getMaxProperties() != null;
                default -> true;
            };
            if (!bounded) {
                out.add(path + ": " + type + " without " + ("array".equals(type) ? "maxItems"
                        : "object".equals(type) ? "maxProperties" : "maxLength"));
            }
        });
        return out;
    }

    static List<String> printerColumnViolations(CustomResourceDefinitionVersion version) {
        List<String> out = new ArrayList<>();
        for (CustomResourceColumnDefinition column : version.getAdditionalPrinterColumns() == null
                ? List.<CustomResourceColumnDefinition>of() : version.getAdditionalPrinterColumns()) {
            String where = "additionalPrinterColumns[" + column.getName() + "]";
            if (column.getName() == null || column.getName().isEmpty()) {
                out.add(where + ".name: required");
            }
            if (!COLUMN_TYPES.contains(column.getType())) {
                out.add(where + ".type: '" + column.getType() + "' is not one of " + COLUMN_TYPES);
            }
            if (column.getFormat() != null && !COLUMN_FORMATS.contains(column.getFormat())) {
                out.add(where + ".format: '" + column.getFormat() + "' is not one of " + COLUMN_FORMATS);
            }
            if (column.getJsonPath() == null || !column.getJsonPath().startsWith(".")) {
                out.add(where + ".jsonPath: must be a JSON path starting with '.'");
            }
            if (column.getPriority() != null && column.getPriority() < 0) {
                out.add(where + ".priority: must not be negative");
            }
        }
        return out;
    }

    static List<Rule> rules(JSONSchemaProps root) {
        List<Rule> out = new ArrayList<>();
        walk(root, "openAPIV3Schema", Level.ROOT, 1, (node, path, level, cardinality) -> {
            if (node.getXKubernetesValidations() != null) {
                node.getXKubernetesValidations().forEach(r -> out.add(new Rule(path, r, node, cardinality)));
            }
        });
        return out;
    }

    /** Visits every node, parents first; {@code cardinality} multiplies the maxItems/maxProperties above a node. */
    private static void walk(JSONSchemaProps node, String path, Level level, long cardinality, Visitor visitor) {
        if (node == null) {
            return;
        }
        visitor.visit(node, path, level, cardinality);
        if (node.getProperties() != null) {
            node.getProperties().forEach((name, child) -> walk(child, path + ".properties[" + name + "]",
                    Level.FIELD, cardinality, visitor));
        }
        if (node.getItems() != null && node.getItems().getSchema() != null) {
            walk(node.getItems().getSchema(), path + ".items", Level.ITEMS,
                    times(cardinality, node.getMaxItems()), visitor);
        }
        if (node.getAdditionalProperties() != null && node.getAdditionalProperties().getSchema() != null) {
            walk(node.getAdditionalProperties().getSchema(), path + ".additionalProperties", Level.FIELD,
                    times(cardinality, node.getMaxProperties()), visitor);
        }
    }

    /** fabric8's model starts its lists and maps empty rather than null: absent means null or empty. */
    private static boolean given(Object value) {
        return value != null && !(value instanceof Collection<?> c && c.isEmpty())
                && !(value instanceof Map<?, ?> m && m.isEmpty()) && !(value instanceof String s && s.isEmpty());
    }

    private static long times(long cardinality, Long max) {
        return cardinality == UNBOUNDED || max == null ? UNBOUNDED
                : CelCostEstimator.saturatedMultiply(cardinality, max);
    }
}
