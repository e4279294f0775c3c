package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which token realms may receive credentials. */
class TokenRealmPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://auth.docker.io/token", "https://127.0.0.1:5001/auth", "https://[::1]:8443/token",
            "https://registry.example.com/service/token?extra=1"})
    void acceptsOrdinaryRealms(String realm) {
        assertThat(TokenRealmPolicy.check(realm, "reg", true, false)).hasToString(realm);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "https://169.254.1.1/token",
            "http://[fe80::1]/token", "http://[febf::1]/token", "http://[::ffff:169.254.169.254]/token",
            "http://metadata.google.internal/computeMetadata/v1/", "https://METADATA.google.internal/x",
            "http://100.100.100.200/latest/meta-data/", "ftp://example.com/token", "file:///etc/passwd",
            "gopher://example.com/", "not a url", "//no-scheme/token"})
    void refusesDangerousRealms(String realm) {
        assertThatThrownBy(() -> TokenRealmPolicy.check(realm, "reg.example.com", false, true))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.REFUSED);
                    assertThat(e.getMessage()).contains(realm).contains("reg.example.com");
                });
    }

    @Test
    void aPlainHttpRealmNeedsAPlainOrInsecureRegistry() {
        String realm = "http://auth.example.com/token";

        assertThatThrownBy(() -> TokenRealmPolicy.check(realm, "reg", true, false))
                .hasMessageContaining("plain http").hasMessageContaining("insecure");
        assertThat(TokenRealmPolicy.check(realm, "reg", true, true)).isNotNull();
        assertThat(TokenRealmPolicy.check(realm, "reg", false, false)).isNotNull();
    }

    @Test
    void realmHostNamesResolvingToLinkLocalAddressesAreRefused() throws Exception {
        RealmDns dns = new RealmDns(host -> host.equals("evil.example")
                ? List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("169.254.169.254"))
                : List.of(InetAddress.getByName("127.0.0.1")));

        assertThat(dns.lookup("fine.example")).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThatThrownBy(() -> dns.lookup("evil.example"))
                .isInstanceOf(RealmDns.RefusedAddressException.class)
                .hasMessageContaining("169.254.169.254");
        assertThat(NetworkFailures.toRegistryException(new RealmDns.RefusedAddressException("x"), "op", "h").kind())
                .isEqualTo(RegistryErrorKind.REFUSED);
    }

    @Test
    void forbiddenAddressRanges() throws Exception {
        assertThat(TokenRealmPolicy.isForbiddenAddress(InetAddress.getByName("169.254.0.1"))).isTrue();
        assertThat(TokenRealmPolicy.isForbiddenAddress(InetAddress.getByName("fe80::abcd"))).isTrue();
        assertThat(TokenRealmPolicy.isForbiddenAddress(InetAddress.getByName("100.100.100.200"))).isTrue();
        assertThat(TokenRealmPolicy.isForbiddenAddress(InetAddress.getByName("169.255.0.1"))).isFalse();
        assertThat(TokenRealmPolicy.isForbiddenAddress(InetAddress.getByName("fec0::1"))).isFalse();
        assertThat(TokenRealmPolicy.isForbiddenAddress(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(TokenRealmPolicy.isForbiddenAddress(InetAddress.getByName("::1"))).isFalse();
    }
}
