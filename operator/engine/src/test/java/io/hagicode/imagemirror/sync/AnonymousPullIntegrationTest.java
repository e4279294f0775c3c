package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.OciRegistryClientFactory;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.testkit.AccessLogEntry;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.TokenPolicy;
import io.hagicode.imagemirror.testkit.TokenRequest;
import io.hagicode.imagemirror.testkit.TokenServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The anonymous pull probe against real Distribution registries: a plain one (anyone may pull), a TLS one behind
 * htpasswd (nobody without a password), and two behind bearer tokens whose token server hands anonymous callers
 * {@code pull} in one case and nothing in the other, so the probe goes through the whole challenge, anonymous token,
 * HEAD flow and the registry itself decides.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnonymousPullIntegrationTest {
    private static final String USER = "robot";
    private static final String PASSWORD = "pr0be-Pa55word";

    private TokenServer openTokens;
    private TokenServer closedTokens;
    private DistributionRegistry source;
    private DistributionRegistry plain;
    private DistributionRegistry htpasswd;
    private DistributionRegistry openTokenTarget;
    private DistributionRegistry closedTokenTarget;
    private OciRegistryClientFactory factory;

    @BeforeAll
    void start() {
        DistributionRegistry.assumeInstalled();
        openTokens = TokenServer.builder().users(Map.of(USER, PASSWORD))
                .policy(TokenPolicy.USERS_ALL_ANONYMOUS_PULL).start();
        closedTokens = TokenServer.builder().users(Map.of(USER, PASSWORD)).policy(TokenPolicy.USERS_ONLY).start();
        source = DistributionRegistry.plain();
        plain = DistributionRegistry.plain();
        htpasswd = DistributionRegistry.tlsWithHtpasswd(USER, PASSWORD);
        openTokenTarget = DistributionRegistry.withTokenAuth(openTokens);
        closedTokenTarget = DistributionRegistry.withTokenAuth(closedTokens);
        FixtureImages.pushDockerImage(source, "team/app", "1.0", 41);
        factory = new OciRegistryClientFactory(ClientOptions.defaults()
                .withExtraCaFiles(List.of(htpasswd.caCertificate())));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {factory, source, plain, htpasswd, openTokenTarget,
                closedTokenTarget, openTokens, closedTokens}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort: the testkit's shutdown hook kills leftovers
                }
            }
        }
    }

    @Test
    void eachTargetIsJudgedByWhatItAnswersAClientWithoutCredentials() throws Exception {
        Credentials robot = Credentials.basic(USER, PASSWORD);
        MirrorJob job = new MirrorJob("it/anonymous", endpoint(source, "team/app", Credentials.ANONYMOUS),
                List.of(endpoint(plain, "mirror/app", Credentials.ANONYMOUS), endpoint(htpasswd, "mirror/app", robot),
                        endpoint(openTokenTarget, "mirror/app", robot),
                        endpoint(closedTokenTarget, "mirror/app", robot)),
                TagFilter.ALL, List.of(), 2, 1);
        int plainMark = plain.accessLogMark();
        int htpasswdMark = htpasswd.accessLogMark();
        int closedMark = closedTokenTarget.accessLogMark();

        SyncReport report = new DefaultSyncEngine(factory, TransferLimits.defaults()).sync(job, SyncListener.NONE);

        assertThat(report.succeeded()).as("every target got the tag with the robot's credentials").isTrue();
        assertThat(report.targets()).extracting(t -> t.anonymousPull().result()).containsExactly(
                AnonymousPull.ALLOWED, AnonymousPull.DENIED, AnonymousPull.ALLOWED, AnonymousPull.DENIED);
        assertThat(report.targets()).allSatisfy(t -> {
            assertThat(t.anonymousPull().tag()).isEqualTo("1.0");
            assertThat(String.valueOf(t.anonymousPull().detail())).doesNotContain(PASSWORD);
        });
        assertThat(report.targets().get(1).anonymousPull().detail()).contains("HTTP 401");

        // The sync's own HEADs carry credentials (404 before the copy); the probe's are the ones that end in 200 or 401.
        assertThat(manifestHeads(plain, plainMark)).containsExactly(404, 200);
        assertThat(manifestHeads(htpasswd, htpasswdMark)).startsWith(404).contains(401).doesNotContain(200);
        assertThat(manifestHeads(closedTokenTarget, closedMark)).startsWith(404).contains(401).doesNotContain(200);
        assertThat(anonymousTokens(openTokens)).as("the open token server gave the probe pull")
                .anySatisfy(r -> assertThat(r.granted()).containsExactly("repository:mirror/app:pull"));
        assertThat(anonymousTokens(closedTokens)).as("the closed token server gave the probe a token worth nothing")
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.granted()).containsExactly("repository:mirror/app:"));
    }

    private static Endpoint endpoint(DistributionRegistry registry, String path, Credentials credentials) {
        return new Endpoint(new Repository(registry.hostPort(), path), credentials, !registry.isTls());
    }

    /** The statuses of the HEADs of mirror/app:1.0 since {@code mark}: the sync's own, then the probe's. */
    private static List<Integer> manifestHeads(DistributionRegistry registry, int mark) {
        return registry.accessLogSince(mark).stream()
                .filter(e -> e.is("HEAD") && e.path().equals("/v2/mirror/app/manifests/1.0"))
                .map(AccessLogEntry::status)
                .toList();
    }

    private static List<TokenRequest> anonymousTokens(TokenServer server) {
        return server.requests().stream().filter(TokenRequest::anonymous).toList();
    }
}
