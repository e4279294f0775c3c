/**
 * The OCI Distribution client: value types ({@link io.hagicode.imagemirror.oci.Repository},
 * {@link io.hagicode.imagemirror.oci.ImageReference}, {@link io.hagicode.imagemirror.oci.Reference} (a
 * {@link io.hagicode.imagemirror.oci.Tag} or a {@link io.hagicode.imagemirror.oci.Digest}),
 * {@link io.hagicode.imagemirror.oci.Manifest}, ...) and, on OkHttp, the
 * {@link io.hagicode.imagemirror.oci.RegistryClient} made by
 * {@link io.hagicode.imagemirror.oci.OciRegistryClientFactory}. No Kubernetes types.
 *
 * <h2>Structure</h2>
 * One class per job, in the spirit of Jib's one-class-per-endpoint: {@code RegistryTransport} (scheme, ping, single
 * exchanges, metrics), {@code RegistryAuthenticator} + {@code BearerTokenProvider} + {@code TokenCache} (auth),
 * {@code RegistryHttp} (credentials, one resend after a 401, redirects), {@code RetryInterceptor} (the one retry of
 * single requests, resilience4j), and the endpoints {@code TagLister}, {@code ManifestHead}, {@code ManifestPuller},
 * {@code ManifestPusher}, {@code BlobHead}, {@code BlobPuller}, {@code BlobMounter}, {@code BlobUploader} +
 * {@code ChunkedUpload}, {@code ReferrersLister} (the OCI 1.1 referrers API; {@code ReferrerTags} names the
 * fallback and cosign tags), and beside the Distribution API the bulk tag listings {@code BulkTagDigests}:
 * {@code DockerHubTagDigests} and {@code AcrTagDigests}.
 * {@link io.hagicode.imagemirror.oci.DockerConfigCredentials} reads Docker's {@code config.json}.
 *
 * <h2>Authentication flow</h2>
 * <ol>
 *   <li>Each client pings {@code GET /v2/} once. A 200 means no credentials are needed; a 401 carries
 *       {@code WWW-Authenticate} challenges (RFC 7235; several per header, parameters in any order, quoted strings
 *       with escapes), parsed by {@link io.hagicode.imagemirror.oci.AuthChallenge}.</li>
 *   <li>Basic challenge: requests carry the user's Basic credentials from then on.</li>
 *   <li>Bearer challenge: before a request, a token for its scopes is taken from the client's cache or fetched from
 *       the challenge's {@code realm} with its {@code service} and the scopes: {@code repository:<name>:pull} for
 *       reads, {@code repository:<name>:pull,push} for writes, plus {@code repository:<from>:pull} for a
 *       cross-repository mount. Basic credentials are sent to the realm; an identity token (config.json's
 *       {@code identitytoken}) is exchanged by an OAuth2 POST with {@code grant_type=refresh_token}; anonymous clients
 *       ask without credentials. The token is read from {@code token} or {@code access_token} and cached per scope
 *       set until {@code expires_in} (60 s when absent) minus a 10 s margin; a token for a wider scope set serves a
 *       narrower one.</li>
 *   <li>A 401 to a request drops the cached token, fetches a new one (adding any scope the challenge names) and the
 *       request is resent once; a second 401 is an {@code UNAUTHORIZED} error.</li>
 *   <li>Credentials go only to the registry's own origin (scheme, host, port). Redirects are followed by the client
 *       itself, and a hop to another host (the object storage Docker Hub, ACR or Aliyun send blob GETs to) is made
 *       without the Authorization header.</li>
 * </ol>
 *
 * <h2>Token realm validation</h2>
 * The realm comes from the registry, so it is checked before any credential is sent to it ({@code REFUSED} errors):
 * only {@code http} and {@code https} realms; no link-local addresses (169.254.0.0/16, fe80::/10, also IPv4-mapped),
 * no cloud metadata hosts ({@code metadata.google.internal}, {@code metadata.goog}, {@code metadata},
 * {@code 100.100.100.200}), checked
 * both on the URL and on the addresses the realm's host name resolves to; and no plain-http realm for an https
 * registry unless the registry is marked insecure. Loopback is allowed.
 *
 * <h2>Retries</h2>
 * One layer, an OkHttp interceptor ({@code RetryInterceptor}), retries single requests: the idempotent ones (HEAD, GET,
 * PUT, DELETE; token fetches, also by POST, as the request that needs the token), on 408, 429, 5xx and connection
 * failures, up to {@link io.hagicode.imagemirror.oci.ClientOptions#maxAttempts()} tries in all, with the
 * {@link io.hagicode.imagemirror.oci.Backoff} (exponential, {@code initialBackoff * 2^(n-1)} times a random factor in
 * [0.5, 1.5), at most {@code maxBackoff}; a {@code Retry-After}, seconds or HTTP-date, replaces it, also capped). A
 * manifest, tag page or token body is read within the try, so a body cut half way is retried too. When the tries run
 * out the error keeps the kind of the last answer. A mount is a POST and is not repeated (the upload after it has
 * retries). A blob upload is one attempt whose requests are never repeated: the caller retries it as a whole, reading
 * the content again (go-containerregistry's write.go does the same), so a fault that never heals costs
 * {@code maxAttempts} tries of each request, never a product of layers. A 401 is answered once with fresh credentials,
 * which is not a retry. Every try of every exchange (including token fetches and redirect hops) is reported to the
 * {@link io.hagicode.imagemirror.oci.RequestObserver}, which is how the engine's per-registry back-off sees each 429.
 *
 * <h2>TLS and insecure registries</h2>
 * Certificates are verified against the JVM's trust store plus {@code extraCaFiles} (PEM, several certificates per
 * file allowed). A registry marked insecure is first tried over https without any certificate or host name check and,
 * if the TLS connection cannot be made, over plain http; the scheme that answered the ping is kept. Insecure applies to
 * that registry only (and to its token realm, which may then also be plain http). TLS failures are {@code NETWORK}
 * errors whose message suggests {@code --ca-file} or marking the registry insecure.
 *
 * <h2>Size limits</h2>
 * Nothing is read into memory without a bound: manifests {@code maxManifestBytes} (4 MiB by default, at most limit+1
 * bytes are read, {@code TOO_LARGE} beyond), error bodies 64 KiB, token responses 1 MiB, tag list pages 8 MiB, at
 * most 100,000 tags and 1,000 pages; chunked uploads hold one chunk ({@code chunkSize}, 4 MiB by default). Blobs are
 * streamed, their size and digest verified as they flow.
 *
 * <h2>Up-to-date checks</h2>
 * {@code headManifest} relies on {@code Docker-Content-Digest}: with it, checking a tag costs one HEAD. A registry that
 * omits it (or the media type or length) gets a GET instead, so the no-op goal assumes registries send the header, as
 * Distribution, Docker Hub, Harbor, ACR, ECR, GAR and Quay do.
 */
package io.hagicode.imagemirror.oci;
