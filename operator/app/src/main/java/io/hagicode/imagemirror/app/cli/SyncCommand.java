package io.hagicode.imagemirror.app.cli;

import io.hagicode.imagemirror.app.CaFiles;
import io.hagicode.imagemirror.app.ExitCodes;
import io.hagicode.imagemirror.app.job.CredentialsException;
import io.hagicode.imagemirror.app.job.RegistrySyncEngine;
import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.ProxySettings;
import io.hagicode.imagemirror.oci.RequestObserver;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TransferLimits;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code imagemirror sync -f FILE}: one-shot mirroring without a cluster, with the operator's engine. */
@Command(name = "sync", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Mirror the repositories described by ImageMirror YAML documents, once.",
                "Exit codes: 0 every selected tag is in sync on every target; 1 some tag failed;",
                "2 invalid input (nothing was contacted)."})
public final class SyncCommand implements Callable<Integer> {
    /** The CLI has no operator-wide cap to share, so each mirror's own concurrency is the real bound. */
    private static final int CLI_TRANSFER_CAP = 256;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "YAML file with one or more ImageMirror documents; repeatable.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--docker-config", paramLabel = "PATH",
            description = "Docker config.json with registry credentials. Default: $DOCKER_CONFIG/config.json, "
                    + "then ~/.docker/config.json.")
    Path dockerConfig;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Extra trusted CA certificate(s); repeatable.")
    List<Path> caFiles = new ArrayList<>();

    @Option(names = "--dry-run",
            description = "Print which tags and referrers would be copied to which target; write nothing.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (progress on stderr, summary on stdout) or json (one document on stdout). "
                    + "Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    enum OutputFormat { text, json }

    private final Map<String, String> env;

    public SyncCommand() {
        this(System.getenv());
    }

    /** @param env where {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} are read */
    SyncCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        MirrorFiles.Result loaded = MirrorFiles.load(files);
        List<String> errors = new ArrayList<>(loaded.errors());
        errors.addAll(CaFiles.check(caFiles));
        ProxySettings proxies = ProxySettings.NONE;
        try {
            proxies = ProxySettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        DockerConfigResolver credentials = null;
        try {
            credentials = DockerConfigResolver.open(dockerConfig);
        } catch (CredentialsException e) {
            errors.add(e.getMessage());
        }
        if (!errors.isEmpty()) {
            errors.forEach(e -> err.println("imagemirror: " + e));
            err.println("imagemirror: invalid input; nothing was contacted");
            return ExitCodes.INVALID_INPUT;
        }
        List<Planned> planned = new ArrayList<>();
        for (MirrorFiles.Mirror mirror : loaded.mirrors()) {
            try {
                planned.add(new Planned(mirror, mirror.spec().toJob(mirror.name(), credentials)));
            } catch (CredentialsException e) {
                err.println("imagemirror: " + mirror.document().describe() + ": " + e.getMessage());
                return ExitCodes.INVALID_INPUT;
            }
        }
        credentials.printNotes(err);
        return run(planned, proxies, out, err);
    }

    private int run(List<Planned> planned, ProxySettings proxies, PrintStream out, PrintStream err)
            throws InterruptedException {
        long started = System.nanoTime();
        List<JsonReport.Mirror> documents = new ArrayList<>();
        boolean succeeded = true;
        // One engine for the run: every mirror shares its 429 back-off per registry and where blobs already are.
        RegistrySyncEngine engine = new RegistrySyncEngine(
                ClientOptions.defaults().withExtraCaFiles(caFiles).withProxies(proxies),
                TransferLimits.of(CLI_TRANSFER_CAP, CLI_TRANSFER_CAP), RequestObserver.NONE);
        for (Planned p : planned) {
            MirrorJob job = p.job();
            if (output == OutputFormat.text) {
                err.printf("%s: %s -> %s%s%n", job.name(), job.source(),
                        job.targets().stream().map(Object::toString).collect(Collectors.joining(", ")),
                        dryRun ? " (dry run)" : "");
            }
            SyncListener listener = output == OutputFormat.text
                    ? new TextProgress(err, job.name(), job.targets().size(), System::nanoTime) : SyncListener.NONE;
            SyncReport report = dryRun ? engine.plan(job) : engine.sync(job, listener);
            succeeded &= report.succeeded();
            if (output == OutputFormat.text) {
                TextSummary.print(out, report, dryRun);
            } else {
                documents.add(JsonReport.mirror(p.mirror().document().source(), report));
            }
        }
        if (output == OutputFormat.json) {
            out.println(JsonReport.render(dryRun, succeeded, documents, (System.nanoTime() - started) / 1e9));
        }
        return succeeded ? ExitCodes.OK : ExitCodes.SYNC_FAILED;
    }

    private record Planned(MirrorFiles.Mirror mirror, MirrorJob job) {
    }
}
