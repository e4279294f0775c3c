package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the proxy variables are read. The NO_PROXY cases follow the rules of curl's {@code noproxy.c} and Go's
 * {@code golang.org/x/net/http/httpproxy} as documented there; where the two differ (a leading dot, loopback) the
 * choice is curl's and said so in {@link NoProxyRules}.
 */
class ProxySettingsTest {

    private static Optional<String> proxyFor(Map<String, String> env, String url) {
        return ProxySettings.fromEnvironment(env).fromEnvironmentFor(URI.create(url)).map(ProxyEndpoint::hostPort);
    }

    @Test
    void httpsProxyServesHttpsUrlsAndHttpProxyHttpUrls() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://secure.proxy:3128", "HTTP_PROXY", "http://plain.proxy");

        assertThat(proxyFor(env, "https://registry-1.docker.io/v2/")).contains("secure.proxy:3128");
        assertThat(proxyFor(env, "http://registry.local:5000/v2/")).contains("plain.proxy:80");
        assertThat(proxyFor(Map.of("HTTP_PROXY", "http://plain.proxy"), "https://ghcr.io/v2/")).isEmpty();
    }

    @Test
    void theLowercaseNameWinsAndBlankValuesCountAsUnset() {
        assertThat(proxyFor(Map.of("https_proxy", "http://lower:1", "HTTPS_PROXY", "http://upper:2"), "https://a/"))
                .contains("lower:1");
        assertThat(proxyFor(Map.of("https_proxy", " ", "HTTPS_PROXY", "http://upper:2"), "https://a/"))
                .contains("upper:2");
        assertThat(proxyFor(Map.of(), "https://a/")).isEmpty();
    }

    @Test
    void aSchemelessEnvironmentValueIsHttpAsCurlAndGoReadIt() {
        assertThat(proxyFor(Map.of("HTTPS_PROXY", "proxy.corp:8080"), "https://a/")).contains("proxy.corp:8080");
    }

    @ParameterizedTest(name = "NO_PROXY={0}: {1} bypasses={2}")
    @CsvSource(delimiter = '|', value = {
        "example.com            | https://example.com/        | true",
        "example.com            | https://reg.example.com/    | true",
        "example.com            | https://notexample.com/     | false",
        ".example.com           | https://example.com/        | true",
        ".example.com           | https://reg.example.com/    | true",
        "*.example.com          | https://reg.example.com/    | true",
        "EXAMPLE.com            | https://Reg.Example.COM/    | true",
        "*                      | https://anything.at.all/    | true",
        "reg.example.com:5000   | https://reg.example.com:5000/ | true",
        "reg.example.com:5000   | https://reg.example.com/    | false",
        "example.com:443        | https://reg.example.com/    | true",
        "10.0.0.7               | https://10.0.0.7:5000/      | true",
        "10.0.0.7               | https://10.0.0.8/           | false",
        "10.0.0.0/8             | https://10.20.30.40/        | true",
        "10.0.0.0/8             | https://11.0.0.1/           | false",
        "192.168.1.0/24         | http://192.168.1.255/       | true",
        "'a.com, ,b.com'        | https://x.b.com/            | true",
        "::1                    | https://[::1]:5000/         | true",
        "[::1]:5000             | https://[::1]:5000/         | true",
        "[::1]:5000             | https://[::1]:5001/         | false",
        "fd00::/8               | https://[fd12::1]/          | true",
        "fd00::/8               | https://10.0.0.1/           | false",
        "10.0.0.0/8             | https://ten.example/        | false",
    })
    void noProxyEntries(String noProxy, String url, boolean bypasses) {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://p:1", "HTTP_PROXY", "http://p:1", "NO_PROXY", noProxy);

        assertThat(proxyFor(env, url).isEmpty()).isEqualTo(bypasses);
    }

    @Test
    void loopbackIsNotExemptUnlessListed() {
        assertThat(proxyFor(Map.of("HTTPS_PROXY", "http://p:1"), "https://127.0.0.1:5000/")).contains("p:1");
        assertThat(proxyFor(Map.of("HTTPS_PROXY", "http://p:1", "no_proxy", "localhost,127.0.0.1"),
                "https://localhost:5000/")).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "HTTPS_PROXY | socks5://user:hunter2@proxy:1080 | unsupported proxy scheme 'socks5'",
        "HTTPS_PROXY | https://user:hunter2@proxy:443   | unsupported proxy scheme 'https'",
        "https_proxy | http://user:hunter2@             | no host",
        "HTTP_PROXY  | http://user:hunter2@proxy/path   | no path",
        "HTTP_PROXY  | http://user:hunter2@pro xy:1     | not a URL",
    })
    void badProxyValuesNameTheVariableAndHideThePassword(String variable, String value, String why) {
        assertThatThrownBy(() -> ProxySettings.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid " + variable)
                .hasMessageContaining(why)
                .hasMessageContaining("user:***@")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void badNoProxyEntriesNameTheVariableAndTheEntry() {
        assertThatThrownBy(() -> ProxySettings.fromEnvironment(Map.of("no_proxy", "ok.com,10.0.0.0/33")))
                .hasMessageContaining("invalid no_proxy entry '10.0.0.0/33'");
        assertThatThrownBy(() -> ProxySettings.fromEnvironment(Map.of("NO_PROXY", "host:notaport")))
                .hasMessageContaining("invalid NO_PROXY entry 'host:notaport'");
    }

    @Test
    void theSpecFormNeedsASchemeAndNamesItsField() {
        assertThatThrownBy(() -> ProxyEndpoint.parse("spec.registries[0].proxy", "proxy:3128", false))
                .hasMessageContaining("invalid spec.registries[0].proxy 'proxy:3128'")
                .hasMessageContaining("scheme");
    }

    @Test
    void credentialsInTheUrlArePercentDecodedAndNeverPrinted() {
        ProxyEndpoint p = ProxyEndpoint.parse("HTTPS_PROXY", "http://dom%5Cuser:p%40ss+w@proxy:3128/", true);

        assertThat(p.credentials()).map(Credentials.Basic::username).contains("dom\\user");
        assertThat(p.credentials()).map(Credentials.Basic::password).contains("p@ss+w");
        assertThat(p.toString()).isEqualTo("http://dom\\user:***@proxy:3128").doesNotContain("p@ss");
    }

    @Test
    void aRegistrysOwnProxyIsFoundByItsRegistryName() {
        ProxyEndpoint own = ProxyEndpoint.parse("proxy", "http://own:1", false);
        ProxySettings settings = ProxySettings.NONE.withRegistryProxy("docker.io", own);

        assertThat(settings.forRegistry("index.docker.io")).contains(own);
        assertThat(settings.forRegistry("ghcr.io")).isEmpty();
    }
}
