package io.hagicode.imagemirror.oci;

/**
 * Makes {@link RegistryClient}s that share one HTTP connection pool and dispatcher, so connections to a registry are
 * reused across clients and calls (over HTTP/1.1, one stream per connection: see {@link HttpClients}). Registries marked insecure get a
 * separate OkHttp configuration that trusts any certificate; it shares the pool too, but OkHttp never hands a
 * connection made without verification to a verifying client, since the TLS settings are part of its pool key.
 * Requests go through the proxies of {@link ClientOptions#proxies()}.
 */
public final class OciRegistryClientFactory implements RegistryClientFactory {
    private final ClientOptions options;
    private final HttpClients httpClients;

    /** @throws IllegalArgumentException when an extra CA file cannot be read */
    public OciRegistryClientFactory(ClientOptions options) {
        this.options = options;
        this.httpClients = new HttpClients(options);
    }

    public OciRegistryClientFactory() {
        this(ClientOptions.defaults());
    }

    public ClientOptions options() {
        return options;
    }

    @Override
    public RegistryClient client(String registry, Credentials credentials, boolean insecure) {
        RegistryHost host = RegistryHost.of(registry);
        return new OciRegistryClient(host, credentials, insecure, httpClients.forRegistry(insecure, options.proxies().forRegistry(registry)), options);
    }

    @Override
    public void close() {
        httpClients.close();
    }
}
