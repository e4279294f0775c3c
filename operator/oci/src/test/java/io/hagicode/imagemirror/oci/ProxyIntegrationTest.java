package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hagicode.imagemirror.testkit.BasicCredentials;
import io.hagicode.imagemirror.testkit.ConnectProxy;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.RegistryExtension;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real registries reached through the testkit's forward proxy, with the proxy settings given as an environment map
 * (the process's own environment is never read). The TLS registry needs Basic credentials, so each test can check
 * that the proxy never saw them: through a CONNECT tunnel it only ever sees the CONNECT head.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyIntegrationTest {
    private static final String PASSWORD = "regi5try-Pa55";
    private static final String PROXY_PASSWORD = "pr0xy-Pa55";
    private static final BasicCredentials PROXY_USER = new BasicCredentials("squid", PROXY_PASSWORD);
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private DistributionRegistry tls;
    private DistributionRegistry plain;

    @BeforeAll
    void start() {
        tls = registries.tlsWithHtpasswd("alice", PASSWORD);
        FixtureImages.pushMultiArchOciIndex(tls, "src/app", "1.0", 31);
        plain = registries.plain();
        FixtureImages.pushMultiArchOciIndex(plain, "src/app", "1.0", 32);
    }

    private OciRegistryClientFactory factory(ProxySettings proxies) {
        return registries.closing(new OciRegistryClientFactory(ClientOptions.defaults().withMaxAttempts(1)
                .withExtraCaFiles(List.of(tls.caCertificate())).withProxies(proxies)));
    }

    private List<String> tlsTags(OciRegistryClientFactory factory) {
        return factory.client(tls.hostPort(), Credentials.basic("alice", PASSWORD), false)
                .listTags(new Repository(tls.hostPort(), "src/app"));
    }

    private static void assertNeverSawRegistryCredentials(ConnectProxy proxy) {
        String basic = Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(proxy.heads()).allSatisfy(head -> {
            assertThat(head.header("Authorization")).isEmpty();
            assertThat(head.text()).doesNotContain(basic).doesNotContain(PASSWORD);
        });
    }

    @Test
    void httpsProxyTunnelsTheTlsRegistryWithConnect() {
        try (ConnectProxy proxy = registries.closing(ConnectProxy.open())) {
            OciRegistryClientFactory factory = factory(ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", proxy.url())));

            assertThat(tlsTags(factory)).containsExactly("1.0");

            assertThat(proxy.tunnels()).isPositive();
            assertThat(proxy.heads()).allSatisfy(head -> {
                assertThat(head.isConnect()).isTrue();
                assertThat(head.target()).isEqualTo(tls.hostPort());
            });
            assertNeverSawRegistryCredentials(proxy);
        }
    }

    @Test
    void noProxyHostsBypassTheProxy() {
        try (ConnectProxy proxy = registries.closing(ConnectProxy.open())) {
            OciRegistryClientFactory factory = factory(ProxySettings.fromEnvironment(Map.of(
                    "https_proxy", proxy.url(), "no_proxy", "example.com, 127.0.0.0/8")));

            assertThat(tlsTags(factory)).containsExactly("1.0");

            assertThat(proxy.heads()).isEmpty();
        }
    }

    @Test
    void proxyCredentialsFromTheUrlAreSentToTheProxyOnly() {
        try (ConnectProxy proxy = registries.closing(ConnectProxy.requiring(PROXY_USER))) {
            String url = "http://squid:" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port();
            OciRegistryClientFactory factory = factory(ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", url)));

            assertThat(tlsTags(factory)).containsExactly("1.0");

            assertThat(proxy.tunnels()).isPositive();
            assertNeverSawRegistryCredentials(proxy);
        }
    }

    @Test
    void aRegistrysOwnProxyWinsOverTheEnvironmentAndTakesCredentialsFromElsewhere() {
        try (ConnectProxy envProxy = registries.closing(ConnectProxy.open());
             ConnectProxy registryProxy = registries.closing(ConnectProxy.requiring(PROXY_USER))) {
            ProxyEndpoint own = ProxyEndpoint.parse("spec.proxy", registryProxy.url(), false)
                    .withCredentials(new Credentials.Basic("squid", PROXY_PASSWORD));
            OciRegistryClientFactory factory = factory(ProxySettings.fromEnvironment(Map.of(
                    "HTTPS_PROXY", envProxy.url(), "NO_PROXY", "127.0.0.1")).withRegistryProxy(tls.hostPort(), own));

            assertThat(tlsTags(factory)).containsExactly("1.0");

            assertThat(registryProxy.tunnels()).isPositive();
            assertThat(envProxy.heads()).isEmpty();
            assertNeverSawRegistryCredentials(registryProxy);
        }
    }

    @Test
    void wrongProxyCredentialsFailWithoutQuotingEitherPassword() {
        try (ConnectProxy proxy = registries.closing(ConnectProxy.requiring(PROXY_USER))) {
            String url = "http://squid:wrong-" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port();
            OciRegistryClientFactory factory = factory(ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", url)));

            assertThatThrownBy(() -> tlsTags(factory)).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.kind()).isEqualTo(RegistryErrorKind.NETWORK);
                assertThat(e.getMessage()).doesNotContain(PROXY_PASSWORD).doesNotContain(PASSWORD);
            });
            assertThat(proxy.refused()).isPositive();
            assertThat(proxy.tunnels()).isZero();
        }
    }

    @Test
    void httpProxyRelaysAnonymousPlainHttpRequests() {
        try (ConnectProxy proxy = registries.closing(ConnectProxy.open())) {
            OciRegistryClientFactory factory = factory(ProxySettings.fromEnvironment(Map.of(
                    "HTTP_PROXY", proxy.url(), "HTTPS_PROXY", "http://127.0.0.1:1")));

            List<String> tags = factory.client(plain.hostPort(), Credentials.ANONYMOUS, true)
                    .listTags(new Repository(plain.hostPort(), "src/app"));

            assertThat(tags).containsExactly("1.0");
            assertThat(proxy.relayed()).isPositive();
            assertThat(proxy.heads()).allSatisfy(head -> assertThat(head.target()).startsWith("http://" + plain.hostPort()));
        }
    }

    @Test
    void registryCredentialsAreNeverSentThroughAProxyInClearText() {
        DistributionRegistry guarded = registries.closing(DistributionRegistry.builder().htpasswd("alice", PASSWORD).start());
        try (ConnectProxy proxy = registries.closing(ConnectProxy.open())) {
            OciRegistryClientFactory factory = factory(ProxySettings.fromEnvironment(Map.of("HTTP_PROXY", proxy.url())));
            RegistryClient client = factory.client(guarded.hostPort(), Credentials.basic("alice", PASSWORD), true);

            assertThatThrownBy(() -> client.listTags(new Repository(guarded.hostPort(), "src/app")))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegistryErrorKind.REFUSED);
                        assertThat(e.getMessage()).contains("plain HTTP", "NO_PROXY").doesNotContain(PASSWORD);
                    });
            assertThat(proxy.relayed()).as("the anonymous first request went through").isPositive();
            assertNeverSawRegistryCredentials(proxy);
        }
    }
}
