package io.hagicode.imagemirror.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an OCI image layout (oci-layout, index.json, blobs/sha256/...) that skopeo can read with
 * {@code oci:DIR:REF}. Several references may live in one layout; blobs are shared by content.
 */
public final class OciLayoutWriter {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<String, LayoutDescriptor> refs = new LinkedHashMap<>();

    public OciLayoutWriter(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Writes the image (layers, config, manifest) and tags it {@code ref} in the layout. */
    public LayoutDescriptor write(String ref, FixtureImage image) {
        LayoutDescriptor top;
        if (image.index()) {
            List<LayoutDescriptor> manifests = new ArrayList<>();
            for (ImageSpec spec : image.images()) {
                manifests.add(writeImage(spec));
            }
            top = writeIndex(manifests);
        } else {
            top = writeImage(image.images().get(0));
        }
        refs.put(ref, top);
        flushIndexJson();
        return top;
    }

    /** Writes layers, config and the image manifest; returns the manifest's descriptor. */
    public LayoutDescriptor writeImage(ImageSpec spec) {
        List<Map<String, Object>> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (LayerSpec layerSpec : spec.layers()) {
            TarGzLayer layer = TarGzLayer.build(layerSpec);
            diffIds.add(Skopeo.sha256(layer.tar()));
            layers.add(writeBlob(OCI_LAYER_GZIP, layer.tarGzip()).json());
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", spec.architecture());
        config.put("os", spec.os());
        if (spec.variant() != null) {
            config.put("variant", spec.variant());
        }
        config.put("config", Map.of());
        // Map.of iterates in a per-JVM random order: linked maps keep the bytes (and digests) reproducible.
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", diffIds);
        config.put("rootfs", rootfs);
        LayoutDescriptor configBlob = writeBlob(OCI_CONFIG, json(config));

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.put("config", configBlob.json());
        manifest.put("layers", layers);
        if (!spec.annotations().isEmpty()) {
            manifest.put("annotations", spec.annotations());
        }
        LayoutDescriptor written = writeBlob(OCI_MANIFEST, json(manifest));
        return new LayoutDescriptor(OCI_MANIFEST, written.digest(), written.size(), spec.platform());
    }

    /** Writes an OCI index over image manifests written before. */
    public LayoutDescriptor writeIndex(List<LayoutDescriptor> manifests) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (LayoutDescriptor m : manifests) {
            Map<String, Object> e = m.json();
            String[] p = m.platform().split("/");
            Map<String, Object> platform = new LinkedHashMap<>();
            platform.put("architecture", p[1]);
            platform.put("os", p[0]);
            if (p.length == 3) {
                platform.put("variant", p[2]);
            }
            e.put("platform", platform);
            entries.add(e);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", OCI_INDEX);
        index.put("manifests", entries);
        return writeBlob(OCI_INDEX, json(index));
    }

    /** Stores bytes as a content-addressed blob. */
    public LayoutDescriptor writeBlob(String mediaType, byte[] bytes) {
        String digest = Skopeo.sha256(bytes);
        Path file = dir.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write blob " + file, e);
        }
        return new LayoutDescriptor(mediaType, digest, bytes.length, null);
    }

    /** The layout entry for {@code ref}, usable as a skopeo source. */
    public OciLayoutImage image(String ref) {
        if (!refs.containsKey(ref)) {
            throw new IllegalArgumentException("no reference '" + ref + "' in layout " + dir + "; have " + refs.keySet());
        }
        return new OciLayoutImage(dir, ref);
    }

    private void flushIndexJson() {
        List<Map<String, Object>> manifests = new ArrayList<>();
        refs.forEach((ref, d) -> {
            Map<String, Object> e = d.json();
            e.put("annotations", Map.of("org.opencontainers.image.ref.name", ref));
            manifests.add(e);
        });
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("manifests", manifests);
        TestFiles.write(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        try {
            Files.write(dir.resolve("index.json"), json(index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write index.json in " + dir, e);
        }
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
