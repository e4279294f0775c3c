package io.hagicode.imagemirror.oci;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh TLS {@link MockRegistry} per test, closed afterwards together with the client factory the test made. */
abstract class MockRegistryTestBase {
    @TempDir
    java.nio.file.Path dir;
    MockRegistry registry;
    /** Closed after the test; a test that needs special options may set it itself. */
    OciRegistryClientFactory factory;

    @BeforeEach
    void startMockRegistry() throws Exception {
        registry = MockRegistry.tls(dir);
    }

    @AfterEach
    void stopMockRegistry() throws Exception {
        if (factory != null) {
            factory.close();
        }
        registry.close();
    }

    /** A client of the mock registry; its factory is closed after the test. */
    RegistryClient client(ClientOptions options, Credentials credentials) {
        factory = new OciRegistryClientFactory(options);
        return factory.client(registry.registry(), credentials, false);
    }
}
