package io.hagicode.imagemirror.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.RegistryExtension;
import io.hagicode.imagemirror.testkit.TokenPolicy;
import io.hagicode.imagemirror.testkit.TokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full CLI syncs with known passwords and real bearer tokens, successes and failures alike (wrong password, denied
 * push, the token server's 401, a TLS failure), with slf4j at DEBUG and java.util.logging at ALL captured. No output
 * of any run may hold a password, a base64 {@code user:password}, or any part of a token the token server issued.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialLeakTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TLS_PASSWORD = "tls-Secret-4f1c9a";
    private static final String WRONG_PASSWORD = "wrong-Secret-77d0e2";
    private static final String TOKEN_PASSWORD = "token-Secret-b35e81";
    private static final String READER_PASSWORD = "reader-Secret-0a9c44";
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();

    private Path dir;
    private TokenServer tokens;
    private DistributionRegistry source;
    private DistributionRegistry tlsTarget;
    private DistributionRegistry tokenTarget;
    private final List<CapturedRun> runs = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path tempDir) {
        dir = tempDir;
        // "reader" may pull but never push: the denied-push case.
        TokenPolicy policy = (subject, type, name, requested) -> "reader".equals(subject)
                ? requested.stream().filter("pull"::equals).toList() : TokenPolicy.USERS_ALL_ANONYMOUS_PULL
                .grant(subject, type, name, requested);
        tokens = registries.closing(TokenServer.builder()
                .users(Map.of("bob", TOKEN_PASSWORD, "reader", READER_PASSWORD)).policy(policy).start());
        source = registries.plain();
        tlsTarget = registries.tlsWithHtpasswd("alice", TLS_PASSWORD);
        tokenTarget = registries.withTokenAuth(tokens);
        FixtureImages.pushMultiArchOciIndex(source, "team/app", "1.0", 81);
        FixtureImages.pushDockerImage(source, "team/app", "2.0", 82);
    }

    private Path mirrorFile(String name, String targets) throws Exception {
        return MirrorFile.write(dir, name, source.hostPort(), targets);
    }

    private Path dockerConfig(String name, Map<String, Map<String, String>> auths) throws Exception {
        Path file = dir.resolve(name + "-config.json");
        Files.writeString(file, JSON.writeValueAsString(Map.of("auths", auths)));
        return file;
    }

    private CapturedRun run(Path mirror, Path config, boolean caFile, String output) {
        List<String> args = new ArrayList<>(List.of("sync", "-f", mirror.toString(), "--docker-config",
                config.toString(), "--output", output));
        if (caFile) {
            args.addAll(List.of("--ca-file", tlsTarget.caCertificate().toString()));
        }
        CapturedRun run = CapturedRun.of(args.toArray(String[]::new));
        runs.add(run);
        return run;
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> auth(String user, String password) {
        return Map.of("auth", base64(user + ":" + password));
    }

    @Test
    void noRunSuccessfulOrFailedShowsAPasswordOrAToken() throws Exception {
        String tlsRepo = "    - repository: " + tlsTarget.hostPort() + "/mirror/app";
        String tokenRepo = "    - repository: " + tokenTarget.hostPort() + "/mirror/app\n      insecure: true";
        // The failures write to repositories of their own, so none finds its tags already there.
        String tokenRepoFresh = tokenRepo.replace("/mirror/app", "/mirror/fresh");
        Map<String, Map<String, String>> good = new LinkedHashMap<>();
        good.put(tlsTarget.hostPort(), auth("alice", TLS_PASSWORD));
        good.put(tokenTarget.hostPort(), Map.of("username", "bob", "password", TOKEN_PASSWORD));
        Path both = mirrorFile("both", tlsRepo + "\n" + tokenRepo);

        CapturedRun success = run(both, dockerConfig("good", good), true, "text");
        CapturedRun successJson = run(both, dockerConfig("good", good), true, "json");
        CapturedRun wrongPassword = run(mirrorFile("wrong", tlsRepo.replace("/mirror/app", "/mirror/fresh")),
                dockerConfig("wrong", Map.of(tlsTarget.hostPort(), auth("alice", WRONG_PASSWORD))), true, "json");
        CapturedRun deniedPush = run(mirrorFile("denied", tokenRepoFresh), dockerConfig("denied",
                Map.of(tokenTarget.hostPort(), auth("reader", READER_PASSWORD))), false, "text");
        CapturedRun tokenServer401 = run(mirrorFile("t401", tokenRepoFresh), dockerConfig("t401",
                Map.of(tokenTarget.hostPort(), auth("bob", WRONG_PASSWORD))), false, "text");
        CapturedRun tlsFailure = run(mirrorFile("tls", tlsRepo.replace("/mirror/app", "/mirror/fresh")), dockerConfig("tls",
                Map.of(tlsTarget.hostPort(), auth("alice", TLS_PASSWORD))), false, "text");

        assertThat(success.exitCode()).as(success.everything()).isZero();
        assertThat(successJson.exitCode()).as(successJson.everything()).isZero();
        assertThat(wrongPassword.exitCode()).isEqualTo(1);
        assertThat(wrongPassword.stdout()).contains("UNAUTHORIZED");
        assertThat(deniedPush.exitCode()).isEqualTo(1);
        assertThat(deniedPush.stdout()).containsAnyOf("DENIED", "UNAUTHORIZED");
        assertThat(tokenServer401.exitCode()).isEqualTo(1);
        assertThat(tokenServer401.stdout()).contains("UNAUTHORIZED");
        assertThat(tokenServer401.stdout() + tokenServer401.stderr()).contains("token");
        assertThat(tlsFailure.exitCode()).isEqualTo(1);
        assertThat(tlsFailure.stdout()).contains("--ca-file");
        // The search below can only find a leak that was logged: DEBUG was on, and real tokens were in play.
        assertThat(runs).anyMatch(r -> r.stderr().contains("DEBUG"));
        assertThat(tokens.requests()).anyMatch(r -> "bob".equals(r.subject()))
                .anyMatch(r -> "reader".equals(r.subject()));
        assertThat(tokens.rejectedRequests()).isPositive();

        List<String> secrets = secrets();
        for (CapturedRun run : runs) {
            String all = run.everything();
            for (String secret : secrets) {
                assertThat(all.contains(secret)).as("a secret (%s...) in the output of a run",
                        secret.substring(0, 4)).isFalse();
            }
            assertThat(all).doesNotContainIgnoringCase("authorization:").doesNotContain("Bearer ey");
        }
        System.out.printf("[leak-search] %d runs, %d secrets (passwords, base64 pairs, %d tokens in parts), "
                + "%d bytes of output searched%n", runs.size(), secrets.size(), tokens.issuedTokens().size(),
                runs.stream().mapToInt(r -> r.everything().length()).sum());
    }

    /** Passwords, their base64 user:password forms, and each issued token with its payload and signature parts. */
    private List<String> secrets() {
        List<String> secrets = new ArrayList<>(List.of(TLS_PASSWORD, WRONG_PASSWORD, TOKEN_PASSWORD, READER_PASSWORD,
                base64("alice:" + TLS_PASSWORD), base64("alice:" + WRONG_PASSWORD), base64("bob:" + TOKEN_PASSWORD),
                base64("bob:" + WRONG_PASSWORD), base64("reader:" + READER_PASSWORD)));
        assertThat(tokens.issuedTokens()).isNotEmpty();
        for (String token : tokens.issuedTokens()) {
            secrets.add(token);
            String[] parts = token.split("\\.");
            secrets.add(parts[1].substring(0, Math.min(24, parts[1].length())));
            secrets.add(parts[2].substring(0, Math.min(24, parts[2].length())));
        }
        return secrets;
    }
}
