package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.OciRegistryClientFactory;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.testkit.AccessLogEntry;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.RegistryExtension;
import io.hagicode.imagemirror.testkit.TokenPolicy;
import io.hagicode.imagemirror.testkit.TokenRequest;
import io.hagicode.imagemirror.testkit.TokenServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The anonymous pull probe against real Distribution registries: a plain one (anyone may pull), a TLS one behind
 * htpasswd (nobody without a password), and two behind bearer tokens whose token server hands anonymous callers
 * {@code pull} in one case and nothing in the other, so the probe goes through the whole challenge, anonymous token,
 * HEAD flow and the registry itself decides.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnonymousPullIntegrationTest {
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
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
        openTokens = registries.closing(TokenServer.builder().users(Map.of(USER, PASSWORD))
                .policy(TokenPolicy.USERS_ALL_ANONYMOUS_PULL).start());
        closedTokens = registries.closing(TokenServer.builder().users(Map.of(USER, PASSWORD))
                .policy(TokenPolicy.USERS_ONLY).start());
        source = registries.plain();
        plain = registries.plain();
        htpasswd = registries.tlsWithHtpasswd(USER, PASSWORD);
        openTokenTarget = registries.withTokenAuth(openTokens);
        closedTokenTarget = registries.withTokenAuth(closedTokens);
        FixtureImages.pushDockerImage(source, "team/app", "1.0", 41);
        factory = registries.closing(new OciRegistryClientFactory(ClientOptions.defaults()
                .withExtraCaFiles(List.of(htpasswd.caCertificate()))));
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

    @Test
    void aTokenEndpointThatRefusesAnonymousCallersMeansDenied() {
        // As ACR's does with anonymous pull off. The testkit's token server always answers, so a proxy stands in
        // for it, and another in front of a registry names that proxy as its realm.
        URI realm = URI.create(openTokens.realm());
        try (FaultProxy tokenEndpoint = FaultProxy.to(realm.getHost() + ":" + realm.getPort());
             FaultProxy registry = FaultProxy.inFrontOf(plain)) {
            tokenEndpoint.when("GET", "^/token").always().then(Fault.respond(401,
                    Map.of("Content-Type", "application/json"),
                    "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
                            .getBytes(StandardCharsets.UTF_8)));
            Fault challenge = Fault.respond(401, Map.of("WWW-Authenticate", "Bearer realm=\"http://"
                    + tokenEndpoint.hostPort() + "/token\",service=\"" + registry.hostPort() + "\""), new byte[0]);
            registry.when("GET", "^/v2/$").always().then(challenge);
            registry.when("HEAD", FaultProxy.manifest("1.0")).always().then(challenge);
            Endpoint target = new Endpoint(new Repository(registry.hostPort(), "mirror/app"), Credentials.ANONYMOUS,
                    true);

            AnonymousPullCheck check = new AnonymousPullProbe(factory).probe(target,
                    List.of(TagOutcome.of("1.0", TagState.UP_TO_DATE, "sha256:" + "c".repeat(64))));

            assertThat(check.result()).isEqualTo(AnonymousPull.DENIED);
            assertThat(check.detail()).contains("fetching a token").contains("as anonymous").contains("HTTP 401");
            assertThat(tokenEndpoint.count("GET", "^/token")).isEqualTo(1);
            assertThat(registry.count("HEAD", FaultProxy.manifest("1.0"))).as("no token, so no HEAD").isZero();
        }
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
