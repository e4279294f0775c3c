package io.hagicode.imagemirror.sync.referrers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hagicode.imagemirror.oci.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads a layer digest out of a manifest built by {@link CosignArtifacts}. */
final class ManifestLayers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestLayers() {
    }

    static String firstLayer(Manifest manifest) {
        try {
            return JSON.readTree(manifest.bytes()).path("layers").path(0).path("digest").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
