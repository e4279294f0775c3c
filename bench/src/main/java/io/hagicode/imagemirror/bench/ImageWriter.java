package io.hagicode.imagemirror.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes OCI image manifests and indexes over layers already in the registry. Linked maps keep the JSON bytes, and
 * so the digests, the same from run to run.
 */
final class ImageWriter {
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FixturePusher pusher;
    private final String repository;

    ImageWriter(FixturePusher pusher, String repository) {
        this.pusher = pusher;
        this.repository = repository;
    }

    /**
     * A manifest pushed by digest, with the size of the config blob it brought (layers are counted by whoever
     * pushed them).
     */
    record Written(String digest, byte[] bytes, String platform, String configDigest, long configBytes) {
    }

    /** Pushes the config and the image manifest of one platform (by digest, untagged). */
    Written image(String platform, List<LayerBlob> layers) {
        String[] p = platform.split("/");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", p[1]);
        config.put("os", p[0]);
        config.put("config", Map.of());
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", layers.stream().map(LayerBlob::diffId).toList());
        config.put("rootfs", rootfs);
        byte[] configBytes = json(config);
        String configDigest = pusher.pushBlob(repository, configBytes);

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.put("config", descriptor(OCI_CONFIG, configDigest, configBytes.length));
        List<Map<String, Object>> layerDescriptors = new ArrayList<>();
        for (LayerBlob layer : layers) {
            layerDescriptors.add(descriptor(OCI_LAYER_GZIP, layer.digest(), layer.size()));
        }
        manifest.put("layers", layerDescriptors);
        byte[] bytes = json(manifest);
        String digest = Sha256.of(bytes);
        pusher.putManifest(repository, digest, OCI_MANIFEST, bytes);
        return new Written(digest, bytes, platform, configDigest, configBytes.length);
    }

    /** Pushes an index over {@code images} under {@code tag}; returns its digest. */
    String index(String tag, List<Written> images) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Written image : images) {
            Map<String, Object> entry = descriptor(OCI_MANIFEST, image.digest(), image.bytes().length);
            String[] p = image.platform().split("/");
            Map<String, Object> platform = new LinkedHashMap<>();
            platform.put("architecture", p[1]);
            platform.put("os", p[0]);
            entry.put("platform", platform);
            entries.add(entry);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", OCI_INDEX);
        index.put("manifests", entries);
        byte[] bytes = json(index);
        pusher.putManifest(repository, tag, OCI_INDEX, bytes);
        return Sha256.of(bytes);
    }

    /** Tags a single image manifest pushed before by digest; returns its digest. */
    String tag(String tag, Written image) {
        pusher.putManifest(repository, tag, OCI_MANIFEST, image.bytes());
        return image.digest();
    }

    private static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render fixture JSON", e);
        }
    }
}
