package io.hagicode.imagemirror.api;

/** One thing wrong with a spec: the field path (e.g. {@code spec.tags.include[0]}), the value, and what is wrong. */
public record SpecProblem(String field, String value, String message) {
    @Override
    public String toString() {
        return field + (value == null ? "" : " = '" + value + "'") + ": " + message;
    }
}
