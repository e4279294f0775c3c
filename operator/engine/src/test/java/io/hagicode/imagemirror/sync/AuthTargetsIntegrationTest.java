package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.OciRegistryClientFactory;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.RegistryExtension;
import io.hagicode.imagemirror.testkit.PushedImage;
import io.hagicode.imagemirror.testkit.Skopeo;
import io.hagicode.imagemirror.testkit.TokenServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real registries with authentication: a bearer-token target gets everything, while a TLS target given the wrong
 * password fails each of its tags with UNAUTHORIZED, without the password in any message and without harm to the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthTargetsIntegrationTest {
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private static final String TOKEN_PASSWORD = "t0ken-pass";
    private static final String TLS_PASSWORD = "right-Pa55";
    private TokenServer tokenServer;
    private DistributionRegistry source;
    private DistributionRegistry tokenTarget;
    private DistributionRegistry tlsTarget;
    private OciRegistryClientFactory factory;
    private PushedImage index;
    private PushedImage single;

    @BeforeAll
    void start() {
        tokenServer = registries.tokenServer(Map.of("bob", TOKEN_PASSWORD));
        source = registries.plain();
        tokenTarget = registries.withTokenAuth(tokenServer);
        tlsTarget = registries.tlsWithHtpasswd("alice", TLS_PASSWORD);
        index = FixtureImages.pushDockerManifestList(source, "team/app", "1.0", 31);
        single = FixtureImages.pushOciImage(source, "team/app", "tool", 32);
        factory = registries.closing(new OciRegistryClientFactory(ClientOptions.defaults()
                .withExtraCaFiles(List.of(tlsTarget.caCertificate()))));
    }

    @Test
    void aTokenTargetIsMirroredWhileAWronglyAuthenticatedOneFailsAlone() throws Exception {
        Endpoint src = new Endpoint(new Repository(source.hostPort(), "team/app"), Credentials.ANONYMOUS, true);
        Endpoint token = new Endpoint(new Repository(tokenTarget.hostPort(), "mirror/app"),
                Credentials.basic("bob", TOKEN_PASSWORD), true);
        Endpoint wrong = new Endpoint(new Repository(tlsTarget.hostPort(), "mirror/app"),
                Credentials.basic("alice", "wrong-" + TLS_PASSWORD), false);
        MirrorJob job = new MirrorJob("it/auth", src, List.of(wrong, token), TagFilter.ALL, List.of(), 2, 1);

        SyncReport report = new DefaultSyncEngine(factory, TransferLimits.defaults()).sync(job, SyncListener.NONE);

        assertThat(report.targets().get(0).tags()).hasSize(2).allSatisfy(o -> {
            assertThat(o.state()).isEqualTo(TagState.FAILED);
            assertThat(o.errorKind()).isEqualTo(RegistryErrorKind.UNAUTHORIZED);
            assertThat(o.error()).contains(tlsTarget.hostPort()).doesNotContain(TLS_PASSWORD);
        });
        assertThat(report.targets().get(1).tags()).extracting(TagOutcome::state).containsOnly(TagState.COPIED);
        Skopeo skopeo = new Skopeo();
        assertThat(skopeo.inspectRawDigest(tokenTarget, "mirror/app:1.0")).isEqualTo(index.digest());
        assertThat(skopeo.inspectRawDigest(tokenTarget, "mirror/app:tool")).isEqualTo(single.digest());
        assertThat(tokenServer.tokensIssued()).isPositive();
    }
}
