package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hagicode.imagemirror.app.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The flags the deploy/ manifests rely on, and start-up errors that must stop the operator with a clear message. */
class OperatorCommandTest {

    @Test
    void defaultsMatchTheDocumentedOnes() {
        OperatorSettings settings = settings(Map.of("POD_NAMESPACE", "imagemirror-system", "POD_NAME", "op-1"));

        assertThat(settings.namespaces()).isEmpty();
        assertThat(settings.metricsAddress().getPort()).isEqualTo(8080);
        assertThat(settings.maxConcurrentSyncs()).isEqualTo(4);
        assertThat(settings.maxTransfers()).isEqualTo(32);
        assertThat(settings.maxTransfersPerRegistry()).isEqualTo(16);
        assertThat(settings.leaderElection()).isTrue();
        assertThat(settings.leaseNamespace()).contains("imagemirror-system");
        assertThat(settings.leaseIdentity()).contains("op-1");
        assertThat(settings.caFiles()).isEmpty();
        assertThat(settings.shard()).isEqualTo(Shard.ALL);
    }

    @Test
    void aSelectorMakesAShardWithItsOwnLeaseUnlessOneIsNamed() {
        OperatorSettings derived = settings(Map.of("POD_NAMESPACE", "x"), "--selector", "mirror.hagicode.io/shard=a");
        OperatorSettings named = settings(Map.of("POD_NAMESPACE", "x"), "--selector", "mirror.hagicode.io/shard=a",
                "--lease-name", "imagemirror-operator-shard-a");

        assertThat(derived.shard().selector()).map(MirrorSelector::expression).contains("mirror.hagicode.io/shard=a");
        assertThat(derived.shard().leaseName()).startsWith(OperatorSettings.LEASE_NAME + "-");
        assertThat(named.shard().leaseName()).isEqualTo("imagemirror-operator-shard-a");
    }

    @Test
    void aBadSelectorOrLeaseNameStopsTheOperatorWithExitCode2() {
        Result selector = run("--selector", "shard in a,b", "--leader-election=false");
        Result lease = run("--lease-name", "Shard_A", "--leader-election=false");

        assertThat(selector.code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(selector.err).contains("imagemirror operator: --selector 'shard in a,b': 'shard in a' is not a "
                + "requirement");
        assertThat(lease.code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(lease.err).contains("imagemirror operator: --lease-name 'Shard_A': not a valid Lease name");
    }

    @Test
    void everyFlagIsParsed() {
        OperatorSettings settings = settings(Map.of(), "--namespaces", "team-a, team-b", "--metrics-port", "9090",
                "--max-concurrent-syncs", "2", "--max-transfers", "8", "--max-transfers-per-registry", "3",
                "--leader-election=false", "--ca-file", "/etc/ca/a.pem", "--ca-file", "/etc/ca/b.pem");

        assertThat(settings.namespaces()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(settings.metricsAddress().getPort()).isEqualTo(9090);
        assertThat(settings.maxConcurrentSyncs()).isEqualTo(2);
        assertThat(settings.maxTransfers()).isEqualTo(8);
        assertThat(settings.maxTransfersPerRegistry()).isEqualTo(3);
        assertThat(settings.leaderElection()).isFalse();
        assertThat(settings.leaseNamespace()).isEmpty();
        assertThat(settings.caFiles()).containsExactly(Path.of("/etc/ca/a.pem"), Path.of("/etc/ca/b.pem"));
        assertThat(settings(Map.of("POD_NAMESPACE", "x"), "--no-leader-election").leaderElection()).isFalse();
    }

    @Test
    void theLeaseNamespaceFallsBackToTheClientsNamespace() {
        assertThat(settings(Map.of()).leaseNamespace()).contains("from-kubeconfig");
    }

    @Test
    void theNamespacesComeFromTheEnvironmentUnlessTheFlagIsGiven() {
        Map<String, String> env = Map.of("IMAGEMIRROR_NAMESPACES", "ns1, ns2,", "POD_NAMESPACE", "x");

        assertThat(settings(env).namespaces()).isEqualTo(Set.of("ns1", "ns2"));
        assertThat(settings(env, "--namespaces", "ns3").namespaces()).isEqualTo(Set.of("ns3"));
    }

    @Test
    void badFlagsStopTheOperatorWithExitCode2BeforeItContactsTheCluster(@TempDir Path dir) throws Exception {
        Path notPem = dir.resolve("ca.pem");
        java.nio.file.Files.writeString(notPem, "not a certificate");

        Result missing = run("--ca-file", dir.resolve("absent.pem").toString());
        Result garbage = run("--ca-file", notPem.toString());
        Result zero = run("--max-concurrent-syncs", "0", "--leader-election=false");

        assertThat(missing.code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(missing.err).contains("--ca-file " + dir.resolve("absent.pem") + ": no such readable file");
        assertThat(garbage.code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(garbage.err).contains("--ca-file " + notPem + ": not a PEM certificate file");
        assertThat(zero.code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(zero.err).contains("--max-concurrent-syncs must be at least 1, was 0");
    }

    @Test
    void helpListsTheFlags() {
        Result help = run("--help");

        assertThat(help.code).isZero();
        assertThat(help.out).contains("--namespaces", "--metrics-port", "--max-concurrent-syncs", "--max-transfers",
                "--max-transfers-per-registry", "--[no-]leader-election", "--selector", "--lease-name", "--ca-file");
    }

    private static OperatorSettings settings(Map<String, String> env, String... args) {
        OperatorCommand command = new OperatorCommand(env);
        new CommandLine(command).parseArgs(args);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withNamespace("from-kubeconfig").build()).build()) {
            return command.settings(client);
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OperatorCommand(Map.of()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }
}
