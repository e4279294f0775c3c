package io.hagicode.imagemirror.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.app.ExitCodes;
import io.hagicode.imagemirror.testkit.ConnectProxy;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.RegistryExtension;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI reads the proxy variables from the environment it is given, and refuses bad ones before any contact. */
class SyncCommandProxyTest {
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();

    private static int run(Map<String, String> env, String... args) {
        synchronized (CliRun.class) {
            return new CommandLine(new SyncCommand(env)).execute(args);
        }
    }

    @Test
    void aSourcesProxyFromTheSpecCarriesItsRequestsAndTheTargetsGoDirect(@TempDir Path dir) throws Exception {
        DistributionRegistry source = registries.plain();
        DistributionRegistry target = registries.plain();
        String digest = FixtureImages.pushMultiArchOciIndex(source, "src/app", "1.0", 41).digest();
        try (ConnectProxy proxy = registries.closing(ConnectProxy.open())) {
            Path file = Files.writeString(dir.resolve("m.yaml"), """
                    apiVersion: mirror.hagicode.io/v1alpha1
                    kind: ImageMirror
                    metadata: {name: m}
                    spec:
                      source: {repository: %s/src/app, insecure: true, proxy: {url: "%s"}}
                      targets: [{repository: %s/dst/app, insecure: true}]
                    """.formatted(source.hostPort(), proxy.url(), target.hostPort()));
            Path config = Files.writeString(dir.resolve("config.json"), "{\"auths\":{}}");

            int code = run(Map.of(), "-f", file.toString(), "--docker-config", config.toString());

            assertThat(code).isEqualTo(ExitCodes.OK);
            assertThat(new Skopeo().inspectRawDigest(target, "dst/app:1.0")).isEqualTo(digest);
            assertThat(proxy.relayed()).isPositive();
            // insecure tries https first (a CONNECT the plain registry cannot answer with TLS), then plain http.
            assertThat(proxy.heads()).allSatisfy(h -> assertThat(h.target()).contains(source.hostPort()))
                    .noneSatisfy(h -> assertThat(h.target()).contains(target.hostPort()));
        }
    }

    @Test
    void aBadProxyVariableIsInvalidInputNamingItWithoutThePassword(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("m.yaml"), """
                apiVersion: mirror.hagicode.io/v1alpha1
                kind: ImageMirror
                metadata: {name: m}
                spec:
                  source: {repository: 127.0.0.1:1/src/app}
                  targets: [{repository: 127.0.0.1:1/dst/app}]
                """);
        PrintStream err = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code;
        synchronized (CliRun.class) {
            try {
                System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
                code = new CommandLine(new SyncCommand(Map.of("HTTPS_PROXY", "socks5://me:hunter2@proxy:1080")))
                        .execute("-f", file.toString(), "--docker-config", dir.resolve("none.json").toString());
            } finally {
                System.setErr(err);
            }
        }
        String printed = stderr.toString(StandardCharsets.UTF_8);

        assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(printed).contains("invalid HTTPS_PROXY 'socks5://me:***@proxy:1080'", "only http:// proxies")
                .doesNotContain("hunter2");
    }
}
