package io.hagicode.imagemirror.app;

import io.hagicode.imagemirror.app.cli.SyncCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of imagemirror.jar: one binary, a subcommand per mode. */
@Command(name = "imagemirror", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Keeps container images mirrored from one registry to others.",
        subcommands = {
                SyncCommand.class,
                io.hagicode.imagemirror.app.operator.OperatorCommand.class,
                io.hagicode.imagemirror.app.importer.ImportImageSyncerCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new UserFacingErrors());
        cli.setParameterExceptionHandler(new UserFacingErrors());
        return cli;
    }
}
