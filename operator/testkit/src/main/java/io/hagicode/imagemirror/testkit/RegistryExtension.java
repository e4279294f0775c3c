package io.hagicode.imagemirror.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The registry setup and teardown of a test class, in one place. Before the class's first test it requires the
 * programs the kit runs (Distribution, htpasswd and skopeo, by the {@link RealDependency} rule: skipped on a
 * developer's machine without them, failed in CI). It starts registries and token servers on request and closes them,
 * newest first, when the class is done; what a test method or its {@code @BeforeEach} starts is closed when that test
 * is done. Anything else {@link AutoCloseable} (a client factory, a {@link FaultProxy}) joins with {@link #closing}.
 * Every resource is closed even when another fails to; the first failure is thrown with the others suppressed.
 * <pre>{@code
 * @RegisterExtension
 * static final RegistryExtension registries = new RegistryExtension();
 *
 * @BeforeAll
 * void start() {
 *     tokens = registries.tokenServer(Map.of("bob", PASSWORD));
 *     registry = registries.withTokenAuth(tokens);
 * }
 * }</pre>
 * Register it in a {@code static} field: JUnit honours the class-level callbacks of a registered extension only there.
 */
public final class RegistryExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {
    private final Deque<AutoCloseable> forTheClass = new ArrayDeque<>();
    private final Deque<AutoCloseable> forTheTest = new ArrayDeque<>();
    private boolean inTest;

    @Override
    public void beforeAll(ExtensionContext context) {
        DistributionRegistry.assumeInstalled();
        Skopeo.assumeInstalled();
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        synchronized (this) {
            inTest = false;
        }
        closeAll(forTheTest);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        closeAll(forTheClass);
    }

    /** Plain HTTP, no authentication ({@link DistributionRegistry#plain()}). */
    public DistributionRegistry plain() {
        return closing(DistributionRegistry.plain());
    }

    /** HTTPS with a generated CA, no authentication ({@link DistributionRegistry#tls()}). */
    public DistributionRegistry tls() {
        return closing(DistributionRegistry.tls());
    }

    /** HTTPS and HTTP Basic authentication of one user ({@link DistributionRegistry#tlsWithHtpasswd}). */
    public DistributionRegistry tlsWithHtpasswd(String username, String password) {
        return closing(DistributionRegistry.tlsWithHtpasswd(username, password));
    }

    /** Plain HTTP with bearer tokens from {@code tokenServer} ({@link DistributionRegistry#withTokenAuth}). */
    public DistributionRegistry withTokenAuth(TokenServer tokenServer) {
        return closing(DistributionRegistry.withTokenAuth(tokenServer));
    }

    /** A token server for these users and passwords, with the default policy ({@link TokenServer#start(Map)}). */
    public TokenServer tokenServer(Map<String, String> usersToPasswords) {
        return closing(TokenServer.start(usersToPasswords));
    }

    /** Closes {@code resource} with the registries: after this test when called in one, else after the class. */
    public synchronized <T extends AutoCloseable> T closing(T resource) {
        (inTest ? forTheTest : forTheClass).push(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    private void closeAll(Deque<AutoCloseable> resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource = poll(resources); resource != null; resource = poll(resources)) {
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private synchronized AutoCloseable poll(Deque<AutoCloseable> resources) {
        return resources.poll();
    }
}
