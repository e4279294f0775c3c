package io.hagicode.imagemirror.api;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes into the generated schema what the model declares but fabric8's crd-generator cannot express:
 * {@link ListMapKeys}, {@link DateTime}, and the integer formats controller-gen writes for Kubernetes' own types
 * ({@code int32} for an Integer, {@code int64} for a Long, as on metav1.Condition's observedGeneration). It walks the Java model and the schema side by side, so the model stays the
 * one place where a field's shape is said; an annotation on a field the schema lacks is an error, not a silent no-op.
 */
final class SchemaExtensions {
    private SchemaExtensions() {
    }

    /** Applies the annotations of {@code type}'s fields, and of the model classes below them, to {@code schema}. */
    static void apply(Class<?> type, JSONSchemaProps schema, String path) {
        Map<String, JSONSchemaProps> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            String fieldPath = path + "." + field.getName();
            JSONSchemaProps property = properties.get(field.getName());
            if (property == null) {
                if (field.isAnnotationPresent(ListMapKeys.class) || field.isAnnotationPresent(DateTime.class)) {
                    throw new IllegalStateException(fieldPath + " is annotated but absent from the generated schema");
                }
                continue;
            }
            ListMapKeys keys = field.getAnnotation(ListMapKeys.class);
            if (keys != null) {
                property.setXKubernetesListType("map");
                property.setXKubernetesListMapKeys(List.of(keys.value()));
            }
            if (field.isAnnotationPresent(DateTime.class)) {
                property.setFormat("date-time");
            }
            if (field.getType() == Long.class || field.getType() == long.class) {
                property.setFormat("int64");
            } else if (field.getType() == Integer.class || field.getType() == int.class) {
                property.setFormat("int32");
            }
            SchemaFrom from = field.getAnnotation(SchemaFrom.class);
            descend(from != null ? from.type() : field.getGenericType(), property, fieldPath);
        }
    }

    private static void descend(Type type, JSONSchemaProps schema, String path) {
        Type element = elementType(type);
        if (element != null) {
            if (schema.getItems() != null && schema.getItems().getSchema() != null) {
                descend(element, schema.getItems().getSchema(), path + "[]");
            }
            return;
        }
        if (type instanceof Class<?> model && !model.isEnum()
                && model.getPackageName().equals(SchemaExtensions.class.getPackageName())) {
            apply(model, schema, path);
        }
    }

    /** The element type of a collection type (a {@code List<X>}, or a class extending {@code ArrayList<X>}), else null. */
    private static Type elementType(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && Collection.class.isAssignableFrom(raw)) {
            return p.getActualTypeArguments()[0];
        }
        if (type instanceof Class<?> c && Collection.class.isAssignableFrom(c)) {
            return elementType(c.getGenericSuperclass());
        }
        return null;
    }
}
