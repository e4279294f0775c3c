package io.hagicode.imagemirror.oci;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The {@link RegistryClient} of one registry and one set of credentials: wires the transport, the authenticator and
 * one object per endpoint, and checks that every repository it is handed belongs to its registry.
 */
final class OciRegistryClient implements RegistryClient {
    private final RegistryHost host;
    private final TagLister tags;
    private final ManifestHead manifestHead;
    private final ManifestPuller manifestPuller;
    private final ManifestPusher manifestPusher;
    private final ReferrersLister referrers;
    private final BlobHead blobHead;
    private final BlobPuller blobPuller;
    private final BlobMounter blobMounter;
    private final BlobUploader blobUploader;
    private final Optional<BulkTagDigests> bulkTagDigests;
    private final RegistryTransport transport;
    private final RegistryAuthenticator auth;

    OciRegistryClient(RegistryHost host, Credentials credentials, boolean insecure, OkHttpClient okHttp,
                      ClientOptions options) {
        this(host, credentials, insecure, okHttp, options, BulkTagDigests::forRegistry);
    }

    /** With the bulk tag listing {@code bulk} picks (tests point a known listing at a mock server). */
    OciRegistryClient(RegistryHost host, Credentials credentials, boolean insecure, OkHttpClient okHttp,
                      ClientOptions options, BulkChoice bulk) {
        this.host = host;
        RetryInterceptor retries = new RetryInterceptor(options.maxAttempts(), Backoff.of(options));
        RegistryTransport transport = new RegistryTransport(host, insecure, okHttp, retries, options.observer());
        RegistryAuthenticator auth = new RegistryAuthenticator(transport,
                Objects.requireNonNull(credentials, "credentials"), new TokenCache());
        RegistryHttp http = new RegistryHttp(transport, auth);
        this.transport = transport;
        this.auth = auth;
        this.tags = new TagLister(http);
        this.manifestPuller = new ManifestPuller(http, options);
        this.manifestHead = new ManifestHead(http, manifestPuller);
        this.manifestPusher = new ManifestPusher(http);
        this.referrers = new ReferrersLister(http, options);
        this.blobHead = new BlobHead(http);
        this.blobPuller = new BlobPuller(http);
        this.blobMounter = new BlobMounter(http);
        this.blobUploader = new BlobUploader(http, options);
        this.bulkTagDigests = bulk.choose(host, transport, http);
    }

    /** Which {@link BulkTagDigests} a registry offers. */
    @FunctionalInterface
    interface BulkChoice {
        Optional<BulkTagDigests> choose(RegistryHost host, RegistryTransport transport, RegistryHttp http);
    }

    @Override
    public String registry() {
        return host.name();
    }

    @Override
    public List<String> listTags(Repository repository) {
        return tags.list(own(repository));
    }

    @Override
    public Optional<Map<String, Digest>> listTagDigests(Repository repository) {
        Repository own = own(repository);
        return bulkTagDigests.map(listing -> listing.list(own));
    }

    @Override
    public Optional<Descriptor> headManifest(Repository repository, Reference reference) {
        return manifestHead.head(own(repository), reference);
    }

    @Override
    public Manifest getManifest(Repository repository, Reference reference) {
        return manifestPuller.get(own(repository), reference);
    }

    @Override
    public void putManifest(Repository repository, Reference reference, Manifest manifest) {
        manifestPusher.put(own(repository), reference, manifest);
    }

    @Override
    public boolean putReferrer(Repository repository, Digest digest, Manifest manifest) {
        return manifestPusher.put(own(repository), digest, manifest);
    }

    @Override
    public Optional<List<Referrer>> listReferrers(Repository repository, Digest subject, String artifactType) {
        return referrers.list(own(repository), subject, artifactType);
    }

    @Override
    public boolean hasBlob(Repository repository, Digest digest) {
        return blobHead.exists(own(repository), digest);
    }

    @Override
    public InputStream openBlob(Repository repository, Descriptor blob) {
        return blobPuller.open(own(repository), blob);
    }

    @Override
    public InputStream openBlob(Repository repository, Descriptor blob, InputStream prefix) {
        return blobPuller.open(own(repository), blob, prefix);
    }

    @Override
    public boolean mountBlob(Repository repository, Digest digest, Repository from) {
        return blobMounter.mount(own(repository), digest, from);
    }

    @Override
    public void pushBlob(Repository repository, Descriptor blob, BlobSource content) {
        blobUploader.push(own(repository), blob, content);
    }

    @Override
    public void close() {
        // Connections belong to the factory's shared pool; tokens die with this object.
    }

    @Override
    public void prepare(Repository repository) {
        Repository own = own(repository);
        try {
            auth.authorize(new Request.Builder().url(transport.url().build()), Scope.forPull(own));
        } catch (RuntimeException e) {
            // Best effort: the first real request meets the same failure and reports it.
        }
    }

    private Repository own(Repository repository) {
        if (!repository.registry().equals(host.name())) {
            throw new IllegalArgumentException("repository " + repository + " is not on registry " + host.name()
                    + ", which this client serves");
        }
        return repository;
    }

    @Override
    public String toString() {
        return "OciRegistryClient[" + host.name() + "]";
    }
}
