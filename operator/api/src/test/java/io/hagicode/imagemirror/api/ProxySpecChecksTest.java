package io.hagicode.imagemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A repository's {@code proxy}: an http:// URL without credentials, and an optional Secret for them. */
class ProxySpecChecksTest {

    private static List<SpecProblem> withSourceProxy(ProxySpec proxy) {
        ImageMirrorSpec spec = SpecChecksTest.spec("docker.io/team/app", "ok.example.com/a");
        spec.getSource().setProxy(proxy);
        return SpecChecksTest.problems(spec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://proxy.corp.example.com:3128", "HTTP://proxy:80/", "http://10.0.0.1:3128",
        "http://[fd00::1]:3128", "http://proxy"})
    void acceptsAnHttpUrlWithAHost(String url) {
        assertThat(withSourceProxy(new ProxySpec(url, new SecretReference("proxy-creds")))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy:3128", "socks5://proxy:1080", "https://proxy:443", "http://", "http://proxy/path",
        "http://proxy:3128?x=1", "http://pro xy:3128"})
    void refusesOtherUrlsNamingTheField(String url) {
        assertThat(withSourceProxy(new ProxySpec(url, null))).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.source.proxy.url");
            assertThat(p.value()).isEqualTo(url);
            assertThat(p.message()).contains("http://host:port");
        });
    }

    @Test
    void refusesCredentialsInTheUrlWithoutQuotingThem() {
        assertThat(withSourceProxy(new ProxySpec("http://squid:hunter2@proxy:3128", null))).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.source.proxy.url");
                    assertThat(p.value()).isEqualTo("http://***@proxy:3128").doesNotContain("hunter2");
                    assertThat(p.message()).contains("credentialsSecretRef");
                });
    }

    @Test
    void anOverlongUrlWithCredentialsIsNotQuotedWithThem() {
        String url = "http://squid:hunter2@" + "p".repeat(FieldLimits.PROXY_URL_LENGTH) + ":3128";

        assertThat(withSourceProxy(new ProxySpec(url, null))).singleElement()
                .satisfies(p -> assertThat(p.value()).doesNotContain("hunter2"));
    }

    @Test
    void aProxyNeedsItsUrl() {
        assertThat(withSourceProxy(new ProxySpec(null, null))).extracting(SpecProblem::field)
                .containsExactly("spec.source.proxy.url");
    }
}
