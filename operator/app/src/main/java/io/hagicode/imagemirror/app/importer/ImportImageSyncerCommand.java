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
 * that do what an image-syncer run did. Nothing is contacted and nothing is applied; notes, warnings and the rules
 * that could not be converted go to stderr, so stdout can be redirected straight into a file.
 */
@Command(name = "import-image-syncer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Translate image-syncer's auth and images files into ImageMirror and Secret YAML on stdout.",
                "Secrets carry '# FILL IN' placeholders unless --with-credentials is given.",
                "Exit codes: 0 every rule converted; 1 some rules skipped (listed on stderr), the rest written; "
                        + "2 nothing written (bad input, no rule convertible, or a skipped rule with --strict)."})
public final class ImportImageSyncerCommand implements Callable<Integer> {
    private static final String PREFIX = "imagemirror import-image-syncer: ";

    @Spec
    CommandSpec spec;

    @Option(names = "--auth", paramLabel = "FILE", description = "image-syncer's auth file (YAML or JSON).")
    Path auth;

    @Option(names = "--images", paramLabel = "FILE", description = "image-syncer's images file (YAML or JSON).")
    Path images;

    @Option(names = "--config", paramLabel = "FILE",
            description = "image-syncer's older single file with 'auth' and 'images' sections, instead of --auth "
                    + "and --images.")
    Path config;

    @Option(names = "--with-credentials",
            description = "Write the auth file's usernames and passwords into the Secrets ($VAR and $${VAR} read "
                    + "from the environment, as image-syncer does). Default: placeholders.")
    boolean withCredentials;

    @Option(names = "--strict",
            description = "Write nothing unless every rule can be converted (exit 2 otherwise).")
    boolean strict;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "Set metadata.namespace on every resource. Default: none (kubectl's current namespace).")
    String namespace;

    @Option(names = "--schedule", paramLabel = "CRON", defaultValue = SpecDefaults.SCHEDULE,
            description = "Cron schedule of the mirrors (the workflow's cron). Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--time-zone", paramLabel = "ZONE", defaultValue = SpecDefaults.TIME_ZONE,
            description = "Time zone of the schedule (GitHub Actions runs cron in UTC). Default: ${DEFAULT-VALUE}.")
    String timeZone;

    @Option(names = "--proc", paramLabel = "N",
            description = "image-syncer's --proc, becomes spec.concurrency. Default: the operator's ("
                    + SpecDefaults.CONCURRENCY + "; image-syncer's is " + SettingsFromFlags.IMAGE_SYNCER_PROC
                    + "), said on stderr.")
    Integer proc;

    @Option(names = "--retries", paramLabel = "N",
            description = "image-syncer's --retries, becomes spec.retries. Default: the operator's ("
                    + SpecDefaults.RETRIES + "; image-syncer's is " + SettingsFromFlags.IMAGE_SYNCER_RETRIES
                    + "), said on stderr.")
    Integer retries;

    @Option(names = "--os", paramLabel = "OS",
            description = "image-syncer's --os (repeatable): with --arch, becomes spec.platforms.")
    List<String> os = new ArrayList<>();

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "image-syncer's --arch (repeatable, arm:v7 for a variant): becomes spec.platforms, "
                    + "OS linux unless --os is given.")
    List<String> arch = new ArrayList<>();

    /** Where $VAR references are looked up; tests replace it. */
    Function<String, String> environment = System::getenv;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        InputFiles files;
        ImportPlan plan;
        try {
            files = InputFiles.of(config, auth, images);
            SettingsFromFlags.Flags flags = new SettingsFromFlags.Flags(namespace, schedule, timeZone, proc, retries,
                    os, arch, withCredentials);
            ImportSettings settings = SettingsFromFlags.resolve(flags, environment, notes::add);
            plan = new ImageSyncerImport(settings, notes::add, warnings::add).run(files);
        } catch (ImportException e) {
            report(err, List.of(), warnings, List.of());
            err.println(PREFIX + e.getMessage());
            return nothingWritten(err);
        }
        List<RuleOutcome> skipped = plan.skipped();
        if (strict && !skipped.isEmpty()) {
            report(err, List.of(), warnings, skipped);
            err.println(PREFIX + "--strict: " + skipped.size() + " of " + plan.outcomes().size()
                    + " rules cannot be converted");
            return nothingWritten(err);
        }
        if (plan.mirrors().isEmpty()) {
            report(err, List.of(), warnings, skipped);
            err.println(PREFIX + "none of the " + plan.outcomes().size() + " rules can be converted");
            return nothingWritten(err);
        }
        new ManifestPrinter(namespace).print(plan, files.names(), notes, out);
        report(err, notes, warnings, skipped);
        summarise(plan, err);
        return skipped.isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL_IMPORT;
    }

    /** Notes say what was written, so they go only with output; warnings and skipped rules always. */
    private static void report(PrintWriter err, List<String> notes, List<String> warnings,
                               List<RuleOutcome> skipped) {
        notes.forEach(n -> err.println(PREFIX + "note: " + n));
        warnings.forEach(w -> err.println(PREFIX + "warning: " + w));
        skipped.forEach(s -> err.println(PREFIX + "skipped: " + s.rule().where() + ": " + s.skipReason()));
    }

    private static int nothingWritten(PrintWriter err) {
        err.println(PREFIX + "nothing was written");
        err.flush();
        return ExitCodes.INVALID_INPUT;
    }

    private static void summarise(ImportPlan plan, PrintWriter err) {
        long placeholders = plan.secrets().stream().filter(SecretPlan::hasPlaceholders).count();
        long real = plan.secrets().size() - placeholders;
        int skipped = plan.skipped().size();
        err.println(PREFIX + "converted " + plan.converted() + " of " + plan.outcomes().size() + " rules into "
                + plan.mirrors().size() + " ImageMirror(s) and " + plan.secrets().size() + " Secret(s)"
                + (skipped > 0 ? "; skipped " + skipped + " (listed above)" : "")
                + (placeholders > 0 ? "; " + placeholders + " Secret(s) need their '# FILL IN' values" : ""));
        if (real > 0) {
            err.println(PREFIX + "warning: the output holds real credentials for " + real + " registr"
                    + (real == 1 ? "y" : "ies") + ": do not commit it, apply it and delete it");
        }
        err.flush();
    }
}
