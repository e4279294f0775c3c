package io.hagicode.imagemirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The extension's callbacks driven by hand, in the order JUnit calls them, so each test sees exactly what is closed
 * at which step (the callbacks do not read their context, so none is passed).
 */
class RegistryExtensionTest {
    private final List<String> closed = new ArrayList<>();

    private AutoCloseable named(String name) {
        return () -> closed.add(name);
    }

    @Test
    void whatATestStartsIsClosedAfterItAndWhatTheClassStartsAfterTheClassNewestFirst() throws Exception {
        RegistryExtension extension = new RegistryExtension();
        extension.closing(named("class-1"));
        extension.closing(named("class-2"));

        extension.beforeEach(null);
        extension.closing(named("test-1"));
        extension.closing(named("test-2"));
        extension.afterEach(null);

        assertThat(closed).containsExactly("test-2", "test-1");
        extension.afterAll(null);
        assertThat(closed).containsExactly("test-2", "test-1", "class-2", "class-1");
    }

    @Test
    void everyResourceIsClosedWhenSomeFailAndTheFirstFailureCarriesTheOthers() {
        RegistryExtension extension = new RegistryExtension();
        extension.closing(named("oldest"));
        extension.closing(() -> {
            throw new IllegalStateException("second to close");
        });
        extension.closing(named("middle"));
        extension.closing(() -> {
            throw new IllegalStateException("first to close");
        });

        assertThatThrownBy(() -> extension.afterAll(null)).hasMessage("first to close")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("second to close")));
        assertThat(closed).containsExactly("middle", "oldest");
    }

    @Test
    void registriesAndTokenServersItStartsAreStoppedWithTheClass() throws Exception {
        RegistryExtension extension = new RegistryExtension();
        extension.beforeAll(null);
        TokenServer tokens = extension.tokenServer(Map.of("bob", "pw-bob"));
        DistributionRegistry registry = extension.withTokenAuth(tokens);
        URI realm = URI.create(tokens.realm());
        assertThat(registry.isRunning()).isTrue();

        extension.afterAll(null);

        assertThat(registry.isRunning()).isFalse();
        assertThat(registry.storageDir()).doesNotExist();
        assertThat(tokens.rootCertBundle()).doesNotExist();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(realm).build(),
                HttpResponse.BodyHandlers.discarding())).as("the token server no longer answers")
                .isInstanceOf(IOException.class);
    }
}
