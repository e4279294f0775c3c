package io.hagicode.imagemirror.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.app.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI reads the proxy variables from the environment it is given, and refuses bad ones before any contact. */
class SyncCommandProxyTest {

    @Test
    void aBadProxyVariableIsInvalidInputNamingItWithoutThePassword(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("m.yaml"), """
                apiVersion: imagemirror.hagicode.io/v1alpha1
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
