package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.api.SpecDefaults;
import io.hagicode.imagemirror.app.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code imagemirror import-image-syncer --auth auth.yaml --images images.yaml}: prints the ImageMirrors and Secrets
 * that do what an image-syncer run did. Nothing is contacted and nothing is applied; warnings go to stderr, so stdout
 * can be redirected straight into a file.
 */
@Command(name = "import-image-syncer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Translate image-syncer's auth.yaml and images.yaml into ImageMirror and Secret YAML on stdout.",
                "Secrets carry '# FILL IN' placeholders unless --with-credentials is given.",
                "Exit codes: 0 done (warnings, if any, on stderr); 2 the input cannot be translated faithfully."})
public final class ImportImageSyncerCommand implements Callable<Integer> {
    private static final String PREFIX = "imagemirror import-image-syncer: ";

    @Spec
    CommandSpec spec;

    @Option(names = "--auth", required = true, paramLabel = "FILE", description = "image-syncer's auth file (YAML or JSON).")
    Path auth;

    @Option(names = "--images", required = true, paramLabel = "FILE",
            description = "image-syncer's images file (YAML or JSON).")
    Path images;

    @Option(names = "--with-credentials",
            description = "Write auth.yaml's usernames and passwords into the Secrets ($VAR and $${VAR} read from the "
                    + "environment, as image-syncer does). Default: placeholders.")
    boolean withCredentials;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "Set metadata.namespace on every resource. Default: none (kubectl's current namespace).")
    String namespace;

    @Option(names = "--schedule", paramLabel = "CRON", defaultValue = SpecDefaults.SCHEDULE,
            description = "Cron schedule of the mirrors (the workflow's cron). Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--time-zone", paramLabel = "ZONE", defaultValue = SpecDefaults.TIME_ZONE,
            description = "Time zone of the schedule (GitHub Actions runs cron in UTC). Default: ${DEFAULT-VALUE}.")
    String timeZone;

    @Option(names = "--proc", paramLabel = "N", defaultValue = "10",
            description = "image-syncer's --proc, becomes spec.concurrency. Default: ${DEFAULT-VALUE}.")
    int proc;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "image-syncer's --retries, becomes spec.retries. Default: ${DEFAULT-VALUE}.")
    int retries;

    /** Where $VAR references in auth.yaml are looked up; tests replace it. */
    Function<String, String> environment = System::getenv;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> warnings = new ArrayList<>();
        ImportPlan plan;
        try {
            AuthFile authFile = AuthFile.parse(TopLevelEntries.read(auth), warnings::add);
            List<YamlEntry> imageEntries = TopLevelEntries.read(images);
            if (imageEntries.isEmpty()) {
                throw new ImportException(images + ": holds no image rules");
            }
            List<ImageRule> rules = ImageRules.parse(imageEntries);
            ImportSettings settings = new ImportSettings(namespace, schedule, timeZone, proc, retries,
                    withCredentials, environment);
            plan = new ImportPlanner(settings, warnings::add).plan(rules, authFile);
        } catch (ImportException e) {
            warnings.forEach(w -> err.println(PREFIX + "warning: " + w));
            err.println(PREFIX + e.getMessage());
            err.println(PREFIX + "nothing was written");
            err.flush();
            return ExitCodes.INVALID_INPUT;
        }
        new ManifestPrinter(namespace).print(plan, List.of(auth.toString(), images.toString()), out);
        warnings.forEach(w -> err.println(PREFIX + "warning: " + w));
        summarise(plan, err);
        return ExitCodes.OK;
    }

    private void summarise(ImportPlan plan, PrintWriter err) {
        long placeholders = plan.secrets().stream().filter(SecretPlan::hasPlaceholders).count();
        long real = plan.secrets().size() - placeholders;
        err.println(PREFIX + "wrote " + plan.mirrors().size() + " ImageMirror(s) and " + plan.secrets().size()
                + " Secret(s)" + (placeholders > 0 ? "; " + placeholders + " Secret(s) need their '# FILL IN' values"
                : ""));
        if (real > 0) {
            err.println(PREFIX + "warning: the output holds real credentials for " + real + " registr"
                    + (real == 1 ? "y" : "ies") + ": do not commit it, apply it and delete it");
        }
        err.flush();
    }
}
