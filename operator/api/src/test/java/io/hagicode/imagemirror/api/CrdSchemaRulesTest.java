package io.hagicode.imagemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** Each check of {@link CrdSchemaRules} catches what the API server refuses (cases from the Kubernetes checks). */
class CrdSchemaRulesTest {

    @Test
    void aNodeWithoutTypeOrWithPropertiesBesideAdditionalPropertiesIsNotStructural() {
        JSONSchemaProps root = schema("""
                type: object
                properties:
                  spec:
                    properties:
                      labels:
                        type: object
                        properties: {a: {type: string}}
                        additionalProperties: {type: string}
                      name: {type: string, pattern: '^(?!x)'}
                      mode: {type: string, default: 3}
                """);

        assertThat(CrdSchemaRules.structuralViolations(root)).containsExactlyInAnyOrder(
                "openAPIV3Schema.properties[spec].type: must not be empty (FIELD)",
                "openAPIV3Schema.properties[spec].properties[labels]: additionalProperties and properties are "
                        + "mutually exclusive",
                "openAPIV3Schema.properties[spec].properties[name].pattern: uses a construct Go's RE2 lacks "
                        + "(lookaround, backreference, possessive)",
                "openAPIV3Schema.properties[spec].properties[mode].default: 3 is not a string (only scalar defaults "
                        + "are checked)");
    }

    @Test
    void rootMetadataMayOnlyConstrainTheName() {
        JSONSchemaProps root = schema("""
                type: object
                properties:
                  metadata:
                    type: object
                    properties: {name: {type: string, maxLength: 63}, labels: {type: object}}
                """);

        assertThat(CrdSchemaRules.structuralViolations(root)).containsExactly(
                "openAPIV3Schema.properties[metadata]: must not specify anything other than name and generateName");
    }

    @Test
    void aListMapKeyMustBeARequiredOrDefaultedScalar() {
        JSONSchemaProps root = schema("""
                type: object
                properties:
                  targets:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [repository, port, tags]
                    items:
                      type: object
                      required: [tags]
                      properties:
                        repository: {type: string}
                        port: {type: integer, default: 443}
                        tags: {type: array, items: {type: string}}
                  names:
                    type: array
                    x-kubernetes-list-map-keys: [name]
                    items: {type: object, properties: {name: {type: string}}}
                """);

        assertThat(CrdSchemaRules.listTypeViolations(root)).containsExactlyInAnyOrder(
                "openAPIV3Schema.properties[targets].items.properties[repository]: a list-map key must be required "
                        + "or have a default",
                "openAPIV3Schema.properties[targets].items.properties[tags].type: must be a scalar type (a list-map key)",
                "openAPIV3Schema.properties[names].x-kubernetes-list-type: must be map if x-kubernetes-list-map-keys "
                        + "is non-empty");
    }

    @Test
    void unboundedStringsListsAndMapsAreFoundAndRulesCarryTheirCardinality() {
        JSONSchemaProps root = schema("""
                type: object
                properties:
                  when: {type: string, format: date-time}
                  phase: {type: string, enum: [A, B]}
                  name: {type: string}
                  items:
                    type: array
                    maxItems: 5
                    items:
                      type: object
                      x-kubernetes-validations: [{rule: "self.n == self.n"}]
                      properties:
                        n: {type: string, maxLength: 3}
                        more:
                          type: array
                          items: {type: object, x-kubernetes-validations: [{rule: "true"}]}
                  labels: {type: object, additionalProperties: {type: string, maxLength: 9}}
                """);

        assertThat(CrdSchemaRules.unboundedValues(root)).containsExactlyInAnyOrder(
                "openAPIV3Schema.properties[name]: string without maxLength",
                "openAPIV3Schema.properties[items].items.properties[more]: array without maxItems",
                "openAPIV3Schema.properties[labels]: object without maxProperties");
        assertThat(CrdSchemaRules.rules(root)).extracting(CrdSchemaRules.Rule::path, CrdSchemaRules.Rule::cardinality)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("openAPIV3Schema.properties[items].items", 5L),
                        org.assertj.core.groups.Tuple.tuple(
                                "openAPIV3Schema.properties[items].items.properties[more].items",
                                CrdSchemaRules.UNBOUNDED));
    }

    @Test
    void printerColumnsNeedAKnownTypeAndAPathFromTheRoot() {
        CustomResourceDefinitionVersion version = Serialization.unmarshal("""
                name: v1
                additionalPrinterColumns:
                - {name: Ready, type: string, jsonPath: .status.ready}
                - {name: When, type: time, jsonPath: status.when}
                """, CustomResourceDefinitionVersion.class);

        assertThat(CrdSchemaRules.printerColumnViolations(version)).satisfiesExactly(
                v -> assertThat(v).startsWith("additionalPrinterColumns[When].type: 'time' is not one of"),
                v -> assertThat(v).isEqualTo(
                        "additionalPrinterColumns[When].jsonPath: must be a JSON path starting with '.'"));
    }

    private static JSONSchemaProps schema(String yaml) {
        return Serialization.unmarshal(yaml, JSONSchemaProps.class);
    }
}
