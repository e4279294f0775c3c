package io.hagicode.imagemirror.oci;

import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code HEAD /v2/<name>/manifests/<reference>}. The digest comes from {@code Docker-Content-Digest}, which is what makes
 * an up-to-date check cost no GET (Docker Hub counts GETs against its pull limit). A registry that omits the header,
 * its media type or its length gets a GET instead and the digest is computed from the bytes: correct, but that
 * registry's no-op checks are then as expensive as pulls.
 */
final class ManifestHead {
    private final RegistryHttp http;
    private final ManifestPuller puller;

    ManifestHead(RegistryHttp http, ManifestPuller puller) {
        this.http = http;
        this.puller = puller;
    }

    Optional<Descriptor> head(Repository repository, Reference reference) {
        String what = "checking manifest " + reference.in(repository);
        HttpUrl url = http.v2(repository).addPathSegment("manifests").addPathSegment(reference.toString()).build();
        Optional<Optional<Descriptor>> answer = ask(repository, url, reference, what);
        if (answer.isPresent()) {
            return answer.get();
        }
        try {
            return Optional.of(puller.get(repository, reference).descriptor());
        } catch (RegistryException e) {
            if (e.kind() == RegistryErrorKind.MANIFEST_UNKNOWN || e.kind() == RegistryErrorKind.NAME_UNKNOWN) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The answer, or empty when the HEAD lacked what a descriptor needs and a GET must tell. */
    private Optional<Optional<Descriptor>> ask(Repository repository, HttpUrl url, Reference reference, String what) {
        try (Response response = http.sendFollowingRedirects(
                () -> new Request.Builder().url(url).head().header("Accept", puller.accept()),
                Scope.forPull(repository), what)) {
            if (response.code() == 404) {
                return Optional.of(Optional.empty());
            }
            if (!response.isSuccessful()) {
                throw RegistryHttp.failure(response, what, RegistryErrorKind.MANIFEST_UNKNOWN);
            }
            String digestHeader = response.header("Docker-Content-Digest");
            String mediaType = ManifestMediaType.baseType(response.header("Content-Type"));
            long length = contentLength(response);
            if (digestHeader == null || digestHeader.isBlank() || mediaType.isEmpty() || length < 0) {
                return Optional.empty();
            }
            Digest digest;
            try {
                digest = Digest.parse(digestHeader.strip());
            } catch (IllegalArgumentException e) {
                throw new RegistryException(RegistryErrorKind.INVALID_RESPONSE, response.code(),
                        what + " failed: invalid Docker-Content-Digest '" + digestHeader + "'");
            }
            if (reference instanceof Digest requested && requested.algorithm().equals(digest.algorithm())
                    && !requested.equals(digest)) {
                throw ManifestPuller.mismatch(what, "the registry announced digest " + digest
                        + ", not the requested " + requested);
            }
            return Optional.of(Optional.of(new Descriptor(mediaType, digest, length)));
        }
    }

    private static long contentLength(Response response) {
        String header = response.header("Content-Length");
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
