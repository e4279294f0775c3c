package io.hagicode.imagemirror.sync.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.MediaTypes;
import io.hagicode.imagemirror.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds images in a fake registry: random (seeded) layers, a config, a manifest, and indexes over them, in OCI or
 * Docker media types. Content is seeded directly (no writes recorded).
 */
public final class TestImages {
    private final FakeRegistry registry;
    private final String repository;
    private final Random random;
    private boolean docker;

    public TestImages(FakeRegistry registry, String repository, long seed) {
        this.registry = registry;
        this.repository = repository;
        this.random = new Random(seed);
    }

    /** Use Docker v2 schema 2 media types from now on. */
    public TestImages docker() {
        this.docker = true;
        return this;
    }

    /** An image manifest and the blobs it needs. */
    public record Image(Manifest manifest, Platform platform, List<byte[]> blobs) {
        public long blobBytes() {
            return blobs.stream().mapToLong(b -> b.length).sum();
        }
    }

    public byte[] layer(int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    /** An image for {@code platform}: {@code shared} layers first, then {@code ownLayers} fresh layers of {@code size}. */
    public Image image(String platform, int ownLayers, int size, byte[]... shared) {
        Platform p = Platform.parse(platform);
        List<byte[]> layers = new ArrayList<>(List.of(shared));
        for (int i = 0; i < ownLayers; i++) {
            layers.add(layer(size));
        }
        ObjectNode cfg = json();
        cfg.put("architecture", p.architecture()).put("os", p.os()).put("salt", random.nextLong());
        byte[] config = bytes(cfg);
        ObjectNode m = json();
        m.put("schemaVersion", 2).put("mediaType", docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST);
        m.set("config", descriptor(docker ? "application/vnd.docker.container.image.v1+json"
                : "application/vnd.oci.image.config.v1+json", config));
        ArrayNode ls = m.putArray("layers");
        layers.forEach(l -> ls.add(descriptor(docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip"
                : "application/vnd.oci.image.layer.v1.tar+gzip", l)));
        Manifest manifest = Manifest.of(docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST, bytes(m));
        List<byte[]> blobs = new ArrayList<>();
        blobs.add(config);
        blobs.addAll(layers);
        blobs.forEach(b -> registry.seedBlob(repository, b));
        registry.seedManifest(repository, manifest);
        return new Image(manifest, p, blobs);
    }

    /** An index (or manifest list) over {@code images}, each entry with its platform. */
    public Manifest index(Image... images) {
        String type = docker ? MediaTypes.DOCKER_MANIFEST_LIST : MediaTypes.OCI_INDEX;
        ObjectNode idx = json();
        idx.put("schemaVersion", 2).put("mediaType", type);
        ArrayNode entries = idx.putArray("manifests");
        for (Image img : images) {
            ObjectNode e = entries.addObject();
            e.put("mediaType", img.manifest().mediaType()).put("digest", img.manifest().digest().toString())
                    .put("size", img.manifest().bytes().length);
            ObjectNode p = e.putObject("platform");
            p.put("architecture", img.platform().architecture()).put("os", img.platform().os());
            if (img.platform().variant() != null) {
                p.put("variant", img.platform().variant());
            }
        }
        Manifest m = Manifest.of(type, bytes(idx));
        registry.seedManifest(repository, m);
        return m;
    }

    public void tag(String tag, Manifest manifest) {
        registry.seedTag(repository, tag, manifest);
    }

    public static ObjectNode descriptor(String mediaType, byte[] content) {
        ObjectNode d = json();
        d.put("mediaType", mediaType).put("digest", Digest.sha256(content).toString()).put("size", content.length);
        return d;
    }

    public static ObjectNode json() {
        return FakeRegistry.JSON.createObjectNode();
    }

    public static byte[] bytes(ObjectNode node) {
        try {
            return FakeRegistry.JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
