package io.hagicode.imagemirror.sync.referrers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.MediaTypes;
import io.hagicode.imagemirror.oci.ReferrerTags;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.oci.Tag;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.PushedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Cosign-style artifacts built in test code, the shape cosign writes (sigstore/cosign, pkg/oci/static and
 * pkg/cosign/bundle): a manifest whose config has the simple-signing media type, one layer holding the signed payload,
 * and on that layer the signature and the Rekor bundle as annotations. The values are test data, not real signatures.
 */
final class CosignArtifacts {
    static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CosignArtifacts() {
    }

    /** An image at {@code path:1.0} with a cosign signature tag and an OCI referrer under the fallback tag. */
    record SignedImage(PushedImage image, Digest subject, Manifest cosignSig, Manifest referrer, Manifest index) {
    }

    /** Pushes {@code path:1.0} to {@code source} and signs it both ways; {@code seed} makes every byte its own. */
    static SignedImage signedImage(DistributionRegistry source, RegistryClient client, String path, long seed) {
        PushedImage image = FixtureImages.pushOciImage(source, path, "1.0", seed);
        Repository repo = new Repository(source.hostPort(), path);
        Descriptor subject = client.headManifest(repo, new Tag("1.0")).orElseThrow();
        Manifest sig = signature(client, repo, subject, "tag-" + seed, false);
        pushAsCosignTag(client, repo, subject.digest(), sig);
        Manifest referrer = signature(client, repo, subject, "ref-" + seed, true);
        Manifest index = pushAsReferrer(client, repo, subject.digest(), referrer);
        return new SignedImage(image, subject.digest(), sig, referrer, index);
    }

    /** A signature of {@code subject}; with {@code withSubject} also an OCI 1.1 referrer of it. */
    static Manifest signature(RegistryClient client, Repository repository, Descriptor subject, String salt,
                              boolean withSubject) {
        byte[] payload = ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + repository + "\"},\"image\":"
                + "{\"docker-manifest-digest\":\"" + subject.digest() + "\"},\"type\":\"cosign container image "
                + "signature\"},\"optional\":{\"salt\":\"" + salt + "\"}}").getBytes(StandardCharsets.UTF_8);
        byte[] config = ("{\"architecture\":\"\",\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(payload) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Descriptor configBlob = push(client, repository, SIMPLE_SIGNING, config);
        Descriptor layer = push(client, repository, SIMPLE_SIGNING, payload);

        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.OCI_MANIFEST);
        if (withSubject) {
            m.put("artifactType", SIMPLE_SIGNING);
        }
        m.set("config", descriptor(configBlob));
        ObjectNode layerJson = descriptor(layer);
        ObjectNode annotations = layerJson.putObject("annotations");
        annotations.put("dev.cosignproject.cosign/signature",
                Base64.getEncoder().encodeToString(("sig-of-" + subject.digest() + salt).getBytes(StandardCharsets.UTF_8)));
        annotations.put("dev.sigstore.cosign/bundle", "{\"SignedEntryTimestamp\":\"MEUCIQ" + salt + "\",\"Payload\":"
                + "{\"body\":\"e30=\",\"integratedTime\":1700000000,\"logIndex\":42,\"logID\":\"c0d23d6ad406973f\"}}");
        m.putArray("layers").add(layerJson);
        if (withSubject) {
            m.set("subject", descriptor(subject));
        }
        return Manifest.of(MediaTypes.OCI_MANIFEST, JSON.valueToTree(m).toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Pushes {@code signature} under cosign's tag of {@code subject}. */
    static void pushAsCosignTag(RegistryClient client, Repository repository, Digest subject, Manifest signature) {
        client.putManifest(repository, ReferrerTags.cosign(subject, ReferrerTags.Cosign.SIG), signature);
    }

    /** Pushes {@code referrer} by digest and an index of it under the fallback tag of {@code subject}. */
    static Manifest pushAsReferrer(RegistryClient client, Repository repository, Digest subject, Manifest referrer) {
        client.putManifest(repository, referrer.digest(), referrer);
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        ObjectNode entry = descriptor(referrer.descriptor());
        entry.put("artifactType", SIMPLE_SIGNING);
        manifests.add(entry);
        Manifest m = Manifest.of(MediaTypes.OCI_INDEX, index.toString().getBytes(StandardCharsets.UTF_8));
        client.putManifest(repository, ReferrerTags.fallback(subject), m);
        return m;
    }

    private static Descriptor push(RegistryClient client, Repository repository, String mediaType, byte[] bytes) {
        Descriptor d = new Descriptor(mediaType, Digest.sha256(bytes), bytes.length);
        if (!client.hasBlob(repository, d.digest())) {
            client.pushBlob(repository, d, () -> new ByteArrayInputStream(bytes));
        }
        return d;
    }

    private static ObjectNode descriptor(Descriptor d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("mediaType", d.mediaType());
        n.put("digest", d.digest().toString());
        n.put("size", d.size());
        return n;
    }
}
