package io.hagicode.imagemirror.testkit;

import java.nio.file.Path;
import java.util.List;

/** An image (or index) under reference name {@code ref} in the OCI layout directory {@code dir}. */
public record OciLayoutImage(Path dir, String ref) implements ImageLocation {

    @Override
    public String transportReference() {
        return "oci:" + dir.toAbsolutePath() + ":" + ref;
    }

    @Override
    public List<String> skopeoFlags(String prefix) {
        return List.of();
    }

    @Override
    public List<String> printableFlags(String prefix) {
        return List.of();
    }
}
