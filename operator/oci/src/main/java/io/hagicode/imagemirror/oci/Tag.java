package io.hagicode.imagemirror.oci;

/** A tag, valid by the OCI grammar {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. */
public record Tag(String name) implements Reference {

    public Tag {
        if (!ImageReference.isValidTag(name)) {
            throw new IllegalArgumentException("invalid tag '" + name + "': expected [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
        }
    }

    @Override
    public String in(Repository repository) {
        return repository + ":" + name;
    }

    @Override
    public String toString() {
        return name;
    }
}
