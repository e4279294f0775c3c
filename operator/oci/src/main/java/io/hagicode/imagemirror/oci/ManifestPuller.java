package io.hagicode.imagemirror.oci;

import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code GET /v2/<name>/manifests/<reference>}: the exact bytes, bounded in size, with the digest computed from them
 * and checked against the requested digest and against {@code Docker-Content-Digest} when the registry sends one.
 */
final class ManifestPuller {
    /** OCI 1.1 release candidates' artifact manifest, still served by some registries. */
    static final String OCI_ARTIFACT_MANIFEST = "application/vnd.oci.artifact.manifest.v1+json";

    private final RegistryHttp http;
    private final int maxBytes;
    private final String accept;

    ManifestPuller(RegistryHttp http, ClientOptions options) {
        this.http = http;
        this.maxBytes = options.maxManifestBytes();
        this.accept = acceptHeader(options.extraManifestTypes());
    }

    /** Every manifest type in {@code Accept}: without it a registry may down-convert to schema 1. */
    static String acceptHeader(List<String> extraTypes) {
        List<String> types = new ArrayList<>(MediaTypes.ACCEPTED_MANIFESTS);
        types.add(OCI_ARTIFACT_MANIFEST);
        for (String extra : extraTypes) {
            if (!types.contains(extra)) {
                types.add(extra);
            }
        }
        return String.join(", ", types);
    }

    String accept() {
        return accept;
    }

    Manifest get(Repository repository, Reference reference) {
        String what = "pulling manifest " + reference.in(repository);
        HttpUrl url = http.v2(repository).addPathSegment("manifests").addPathSegment(reference.toString()).build();
        return fetch(repository, url, reference instanceof Digest digest ? digest : null, what);
    }

    private Manifest fetch(Repository repository, HttpUrl url, Digest requested, String what) {
        try (Response response = http.sendFollowingRedirects(
                () -> new Request.Builder().url(url).get().header("Accept", accept)
                        .tag(WholeBody.class, new WholeBody(maxBytes)), Scope.forPull(repository), what)) {
            if (!response.isSuccessful()) {
                throw RegistryHttp.failure(response, what, RegistryErrorKind.MANIFEST_UNKNOWN);
            }
            byte[] bytes = BoundedBody.read(response, maxBytes, what);
            String mediaType = ManifestMediaType.of(response.header("Content-Type"), bytes, what);
            Digest digest = Digest.of(requested == null ? "sha256" : requested.algorithm(), bytes);
            if (requested != null && !requested.equals(digest)) {
                throw mismatch(what, "the content has digest " + digest + ", not the requested " + requested);
            }
            checkAnnounced(response.header("Docker-Content-Digest"), bytes, what);
            return new Manifest(mediaType, bytes, digest);
        }
    }

    /** A registry that announces one digest and serves other bytes is serving corrupt or tampered content. */
    private static void checkAnnounced(String header, byte[] bytes, String what) {
        if (header == null || header.isBlank()) {
            return;
        }
        Digest announced;
        try {
            announced = Digest.parse(header.strip());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryErrorKind.INVALID_RESPONSE, 200,
                    what + " failed: invalid Docker-Content-Digest '" + header + "'");
        }
        Digest actual = Digest.of(announced.algorithm(), bytes);
        if (!announced.equals(actual)) {
            throw mismatch(what, "the registry announced digest " + announced + " but the content has digest " + actual);
        }
    }

    static RegistryException mismatch(String what, String why) {
        return new RegistryException(RegistryErrorKind.DIGEST_MISMATCH, 200, what + " failed: " + why);
    }
}
