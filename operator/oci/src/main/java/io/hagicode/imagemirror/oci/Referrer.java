package io.hagicode.imagemirror.oci;

/**
 * One entry of a referrers list (OCI 1.1): a manifest whose {@code subject} is another manifest. {@code artifactType}
 * is what the referrers API and the fallback tag index carry (the manifest's {@code artifactType}, else its config
 * media type); it may be null when a registry left it out.
 */
public record Referrer(String mediaType, Digest digest, long size, String artifactType) {

    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest, size);
    }
}
