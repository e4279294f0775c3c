package io.hagicode.imagemirror.sync.fake;

import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryClientFactory;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link RegistryClientFactory} over fake registries, keyed by host. */
public final class FakeRegistries implements RegistryClientFactory {
    private final Map<String, FakeRegistry> registries = new ConcurrentHashMap<>();
    private final List<FakeClient> made = new CopyOnWriteArrayList<>();

    public FakeRegistry add(String host) {
        FakeRegistry r = new FakeRegistry(host);
        registries.put(host, r);
        return r;
    }

    public FakeRegistry get(String host) {
        return registries.get(host);
    }

    @Override
    public RegistryClient client(String registry, Credentials credentials, boolean insecure) {
        FakeRegistry r = registries.get(registry);
        if (r == null) {
            throw new RegistryException(RegistryErrorKind.NETWORK, 0, "no such host: " + registry);
        }
        FakeClient c = new FakeClient(r, credentials);
        made.add(c);
        return c;
    }

    public int clientsMade() {
        return made.size();
    }

    public boolean allClientsClosed() {
        return made.stream().allMatch(c -> c.closed.get());
    }

    @Override
    public void close() {
    }
}
