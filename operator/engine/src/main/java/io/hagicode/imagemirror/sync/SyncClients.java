package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryClientFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry clients of one sync: one per distinct (registry, credentials, insecure), so two targets in one registry
 * share a client and its tokens. The engine closes them when the sync ends.
 */
final class SyncClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncClients.class);

    private final Map<Key, RegistryClient> clients = new LinkedHashMap<>();
    private final RegistryClient source;
    private final Failure sourceFailure;
    private final List<Target> targets = new ArrayList<>();

    private record Key(String registry, Credentials credentials, boolean insecure) {
    }

    private SyncClients(RegistryClientFactory factory, MirrorJob job) {
        Endpoint src = job.source();
        RegistryClient s = null;
        Failure failure = null;
        try {
            s = client(factory, src);
        } catch (RuntimeException e) {
            failure = Failure.of("connecting to source " + src.repository(), e);
        }
        this.source = s;
        this.sourceFailure = failure;
        for (int i = 0; i < job.targets().size(); i++) {
            Endpoint t = job.targets().get(i);
            try {
                targets.add(new Target(i, t.repository(), client(factory, t), null));
            } catch (RuntimeException e) {
                targets.add(new Target(i, t.repository(), null, Failure.of("connecting to target " + t.repository(), e)));
            }
        }
    }

    static SyncClients open(RegistryClientFactory factory, MirrorJob job) {
        return new SyncClients(factory, job);
    }

    private RegistryClient client(RegistryClientFactory factory, Endpoint endpoint) {
        Key key = new Key(endpoint.repository().registry(), endpoint.credentials(), endpoint.insecure());
        RegistryClient existing = clients.get(key);
        if (existing != null) {
            return existing;
        }
        RegistryClient made = factory.client(key.registry(), key.credentials(), key.insecure());
        clients.put(key, made);
        return made;
    }

    RegistryClient source() {
        return source;
    }

    /** Set when no client could be made for the source. */
    Failure sourceFailure() {
        return sourceFailure;
    }

    List<Target> targets() {
        return List.copyOf(targets);
    }

    @Override
    public void close() {
        for (RegistryClient c : clients.values()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the client of {} failed", c.registry(), e);
            }
        }
    }
}
