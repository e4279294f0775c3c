package io.hagicode.imagemirror.oci;

import java.util.List;

/** Manifest media types the client understands, with predicates in the spirit of go-containerregistry's types. */
public final class MediaTypes {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** Sent as Accept on every manifest request: a registry that sees no Accept may down-convert to schema 1. */
    public static final List<String> ACCEPTED_MANIFESTS =
            List.of(OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST);

    private MediaTypes() {
    }

    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    public static boolean isImageManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    public static boolean isKnownManifest(String mediaType) {
        return isIndex(mediaType) || isImageManifest(mediaType);
    }
}
