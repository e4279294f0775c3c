package io.hagicode.imagemirror.oci;

import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * {@code PUT /v2/<name>/manifests/<reference>} of the manifest's exact bytes, with its media type as Content-Type. When
 * the registry answers with a {@code Docker-Content-Digest} that differs, it stored something else than was sent, and
 * every later up-to-date check would fail: that is reported rather than ignored. A registry with the referrers API
 * answers the PUT of a manifest with a {@code subject} with an {@code OCI-Subject} header: it indexed the referrer
 * itself, and the pusher need not maintain the subject's fallback tag.
 */
final class ManifestPusher {
    private final RegistryHttp http;

    ManifestPusher(RegistryHttp http) {
        this.http = http;
    }

    /** True when the registry answered {@code OCI-Subject}: it indexed the manifest as a referrer of its subject. */
    boolean put(Repository repository, Reference reference, Manifest manifest) {
        if (reference instanceof Digest named && !named.equals(Digest.of(named.algorithm(), manifest.bytes()))) {
            throw new IllegalArgumentException("cannot push manifest " + manifest.digest() + " under digest " + named);
        }
        String what = "pushing manifest " + reference.in(repository);
        HttpUrl url = http.v2(repository).addPathSegment("manifests").addPathSegment(reference.toString()).build();
        // A PUT: the transport may repeat it, e.g. when a connection reset took the answer to one the registry stored.
        // No MediaType on the body: OkHttp would normalise it, and the type must go out exactly as it came in.
        try (Response response = http.send(() -> new Request.Builder().url(url)
                        .put(RequestBody.create(manifest.bytes(), (okhttp3.MediaType) null))
                        .header("Content-Type", manifest.mediaType()),
                Scope.forPush(repository), what)) {
            if (!response.isSuccessful()) {
                throw RegistryHttp.failure(response, what, RegistryErrorKind.NAME_UNKNOWN);
            }
            String stored = response.header("Docker-Content-Digest");
            if (stored != null && !stored.isBlank() && !stored.strip().equals(manifest.digest().toString())
                    && stored.strip().startsWith(manifest.digest().algorithm() + ":")) {
                throw ManifestPuller.mismatch(what, "the registry stored digest " + stored.strip()
                        + " for the manifest with digest " + manifest.digest());
            }
            String subject = response.header("OCI-Subject");
            return subject != null && !subject.isBlank();
        }
    }
}
