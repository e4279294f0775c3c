package io.hagicode.imagemirror.oci;

/** Makes clients per registry and credentials; the sync engine depends on this, so tests can hand it fakes. */
public interface RegistryClientFactory extends AutoCloseable {

    /**
     * A client for {@code registry} (as in {@link Repository#registry()}) using {@code credentials}. {@code insecure}
     * allows plain HTTP and unverified TLS for this registry alone.
     */
    RegistryClient client(String registry, Credentials credentials, boolean insecure);

    @Override
    void close();
}
