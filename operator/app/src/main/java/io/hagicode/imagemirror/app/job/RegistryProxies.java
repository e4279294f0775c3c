package io.hagicode.imagemirror.app.job;

import io.hagicode.imagemirror.api.ProxySpec;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.ProxyEndpoint;
import io.hagicode.imagemirror.oci.ProxySettings;
import io.hagicode.imagemirror.oci.Repository;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The proxies a spec names for its registries, laid over the process's own ({@code HTTPS_PROXY} ...). A registry named
 * by two endpoints of one mirror must be given the same proxy by both, since its clients are shared.
 */
public final class RegistryProxies {
    private RegistryProxies() {
    }

    /** {@code registryProxies} (registry name to proxy) laid over {@code environment}. */
    public static ProxySettings over(ProxySettings environment, Map<String, ProxyEndpoint> registryProxies) {
        ProxySettings settings = environment;
        for (Map.Entry<String, ProxyEndpoint> e : registryProxies.entrySet()) {
            settings = settings.withRegistryProxy(e.getKey(), e.getValue());
        }
        return settings;
    }

    /**
     * The proxy each registry of the spec is given, by registry name.
     *
     * @throws CredentialsException when a proxy's Secret cannot be read, or two endpoints disagree
     */
    public static Map<String, ProxyEndpoint> of(ValidatedSpec validated, ProxyCredentialsResolver credentials)
            throws CredentialsException {
        Map<String, ProxyEndpoint> byRegistry = new LinkedHashMap<>();
        Map<String, String> namedBy = new LinkedHashMap<>();
        add("spec.source", validated.spec().getSource(), validated.source(), credentials, byRegistry, namedBy);
        for (int i = 0; i < validated.targets().size(); i++) {
            add("spec.targets[" + i + "]", validated.spec().getTargets().get(i), validated.targets().get(i),
                    credentials, byRegistry, namedBy);
        }
        return byRegistry;
    }

    private static void add(String field, RepositorySpec endpoint, Repository repository,
                            ProxyCredentialsResolver credentials, Map<String, ProxyEndpoint> byRegistry,
                            Map<String, String> namedBy) throws CredentialsException {
        ProxySpec spec = endpoint.getProxy();
        if (spec == null) {
            return;
        }
        // SpecValidator has checked the URL against the CRD's pattern, so this parse cannot fail on a valid spec.
        ProxyEndpoint proxy = ProxyEndpoint.parse(field + ".proxy.url", spec.getUrl(), false);
        if (spec.getCredentialsSecretRef() != null) {
            Credentials.Basic basic = credentials.resolve(field + ".proxy.credentialsSecretRef",
                    spec.getCredentialsSecretRef());
            if (basic != null) {
                proxy = proxy.withCredentials(basic);
            }
        }
        ProxyEndpoint earlier = byRegistry.putIfAbsent(repository.registry(), proxy);
        if (earlier != null && !earlier.equals(proxy)) {
            throw new CredentialsException(CredentialsException.Reason.INVALID, field + ".proxy differs from "
                    + namedBy.get(repository.registry()) + ".proxy for the same registry " + repository.registry()
                    + ": give both the same proxy");
        }
        namedBy.putIfAbsent(repository.registry(), field);
    }
}
