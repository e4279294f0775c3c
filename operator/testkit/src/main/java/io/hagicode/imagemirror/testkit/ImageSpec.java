package io.hagicode.imagemirror.testkit;

import java.util.List;
import java.util.Map;

/**
 * One single-platform image: a platform ({@code os/arch[/variant]}), its layers bottom-up, and optional manifest
 * annotations (a cheap way to get a different manifest digest over the same blobs).
 */
public record ImageSpec(String platform, List<LayerSpec> layers, Map<String, String> annotations) {

    public ImageSpec {
        String[] parts = platform.split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("platform must be os/arch[/variant], was '" + platform + "'");
        }
        layers = List.copyOf(layers);
        // Sorted, so the manifest JSON (and its digest) does not depend on map iteration order.
        annotations = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(annotations));
    }

    public static ImageSpec of(String platform, LayerSpec... layers) {
        return new ImageSpec(platform, List.of(layers), Map.of());
    }

    /**
     * A two-layer image: a base layer from {@code seed} (identical for every platform and tag built from the same
     * seed) and a top layer specific to the platform.
     */
    public static ImageSpec seeded(String platform, long seed) {
        return of(platform, LayerSpec.of(seed), LayerSpec.of(seed * 1_000_003L + platform.hashCode()));
    }

    public ImageSpec withAnnotation(String key, String value) {
        Map<String, String> more = new java.util.TreeMap<>(annotations);
        more.put(key, value);
        return new ImageSpec(platform, layers, more);
    }

    String os() {
        return platform.split("/")[0];
    }

    String architecture() {
        return platform.split("/")[1];
    }

    /** The variant, or null. */
    String variant() {
        String[] parts = platform.split("/");
        return parts.length == 3 ? parts[2] : null;
    }
}
