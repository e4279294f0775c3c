package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Authenticator;

/**
 * Which HTTP proxy each request goes through. The JVM and OkHttp ignore {@code HTTPS_PROXY}, {@code HTTP_PROXY} and
 * {@code NO_PROXY}, so they are read here from an environment handed in as a map (tests never touch the real one).
 * As curl does, the lowercase name wins when both are set. {@code HTTPS_PROXY} serves https:// URLs and
 * {@code HTTP_PROXY} http:// ones; {@code NO_PROXY} is read by {@link NoProxyRules}. A proxy set for one registry
 * (the spec's {@code proxy}) takes precedence for every request that registry's client makes, token and redirect
 * targets included, and ignores {@code NO_PROXY}: it was asked for by name.
 */
public final class ProxySettings {
    public static final ProxySettings NONE = new ProxySettings(Optional.empty(), Optional.empty(), NoProxyRules.NONE,
            Map.of());

    private final Optional<ProxyEndpoint> httpProxy;
    private final Optional<ProxyEndpoint> httpsProxy;
    private final NoProxyRules noProxy;
    private final Map<String, ProxyEndpoint> perRegistry;

    private ProxySettings(Optional<ProxyEndpoint> httpProxy, Optional<ProxyEndpoint> httpsProxy, NoProxyRules noProxy,
                          Map<String, ProxyEndpoint> perRegistry) {
        this.httpProxy = httpProxy;
        this.httpsProxy = httpsProxy;
        this.noProxy = noProxy;
        this.perRegistry = Map.copyOf(perRegistry);
    }

    /** @throws IllegalArgumentException naming the variable and its value (password hidden) when one is malformed */
    public static ProxySettings fromEnvironment(Map<String, String> env) {
        return new ProxySettings(endpoint(env, "http_proxy", "HTTP_PROXY"), endpoint(env, "https_proxy", "HTTPS_PROXY"),
                lookup(env, "no_proxy", "NO_PROXY").map(v -> NoProxyRules.parse(v.name(), v.value()))
                        .orElse(NoProxyRules.NONE),
                Map.of());
    }

    /** These settings, with {@code proxy} used for every request of {@code registry}'s clients. */
    public ProxySettings withRegistryProxy(String registry, ProxyEndpoint proxy) {
        Map<String, ProxyEndpoint> copy = new HashMap<>(perRegistry);
        copy.put(RegistryHost.of(registry).name(), proxy);
        return new ProxySettings(httpProxy, httpsProxy, noProxy, copy);
    }

    /** The proxy asked for {@code registry} by name, if any. */
    Optional<ProxyEndpoint> forRegistry(String registry) {
        return Optional.ofNullable(perRegistry.get(RegistryHost.of(registry).name()));
    }

    /** The environment's proxy for {@code uri}, or none when it is exempt or its scheme has no proxy set. */
    Optional<ProxyEndpoint> fromEnvironmentFor(URI uri) {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        Optional<ProxyEndpoint> proxy = https ? httpsProxy : httpProxy;
        if (proxy.isEmpty() || uri.getHost() == null) {
            return Optional.empty();
        }
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        return noProxy.exempts(uri.getHost(), port) ? Optional.empty() : proxy;
    }

    /** The selector for clients with no per-registry proxy. */
    ProxySelector environmentSelector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(fromEnvironmentFor(uri).map(ProxySettings::toProxy).orElse(Proxy.NO_PROXY));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                // Nothing to remember: there is one proxy per scheme, and OkHttp reports the failure itself.
            }
        };
    }

    /** The authenticator answering the environment proxies' 407s (and OkHttp's preemptive ask before CONNECT). */
    Authenticator environmentAuthenticator() {
        Map<String, ProxyEndpoint> byAddress = new HashMap<>();
        httpProxy.ifPresent(p -> byAddress.put(p.hostPort(), p));
        httpsProxy.ifPresent(p -> byAddress.put(p.hostPort(), p));
        return (route, response) -> {
            if (route == null || !(route.proxy().address() instanceof InetSocketAddress address)) {
                return null;
            }
            ProxyEndpoint endpoint = byAddress.get(new ProxyEndpoint(address.getHostString(), address.getPort(),
                    Optional.empty()).hostPort());
            return endpoint == null ? null : authenticate(endpoint).authenticate(route, response);
        };
    }

    /**
     * Sends {@code Proxy-Authorization} to {@code proxy} only: OkHttp calls a proxy authenticator for the proxy's
     * 407 and for the CONNECT it sends first, never for the registry's 401 (that is {@link RegistryAuthenticator}'s).
     * A second 407 for the same credentials gives up instead of looping.
     */
    static Authenticator authenticate(ProxyEndpoint proxy) {
        return (route, response) -> {
            if (proxy.credentials().isEmpty() || response.request().header("Proxy-Authorization") != null) {
                return null;
            }
            return response.request().newBuilder()
                    .header("Proxy-Authorization", okhttp3.Credentials.basic(proxy.credentials().get().username(),
                            proxy.credentials().get().password()))
                    .build();
        };
    }

    static Proxy toProxy(ProxyEndpoint endpoint) {
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(endpoint.host(), endpoint.port()));
    }

    private static Optional<ProxyEndpoint> endpoint(Map<String, String> env, String lower, String upper) {
        return lookup(env, lower, upper).map(v -> ProxyEndpoint.parse(v.name(), v.value(), true));
    }

    private static Optional<Variable> lookup(Map<String, String> env, String lower, String upper) {
        for (String name : List.of(lower, upper)) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(new Variable(name, value));
            }
        }
        return Optional.empty();
    }

    private record Variable(String name, String value) {
    }

    @Override
    public String toString() {
        return "ProxySettings[http=" + httpProxy + ", https=" + httpsProxy + ", registries=" + perRegistry + "]";
    }
}
