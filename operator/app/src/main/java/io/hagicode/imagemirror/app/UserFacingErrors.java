package io.hagicode.imagemirror.app;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns what escapes a command into one line on stderr and an exit code: no stack trace reaches a user. Set
 * IMAGEMIRROR_DEBUG=1 to see one.
 */
final class UserFacingErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private static final boolean DEBUG = System.getenv("IMAGEMIRROR_DEBUG") != null;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        cli.getErr().println("imagemirror: internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        if (DEBUG) {
            e.printStackTrace(cli.getErr());
        } else {
            cli.getErr().println("(set IMAGEMIRROR_DEBUG=1 for details; please report this)");
        }
        return ExitCodes.INTERNAL_ERROR;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println("imagemirror: " + e.getMessage());
        cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCodes.INVALID_INPUT;
    }
}
