package io.hagicode.imagemirror.testkit;

/** A command of the kit (skopeo, htpasswd) exited non-zero or timed out. The message carries its stderr. */
public class CommandFailedException extends RuntimeException {
    private final int exitCode;
    private final String stderr;

    public CommandFailedException(String command, int exitCode, String stderr) {
        super(command + " failed (exit " + exitCode + "): " + stderr);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    /** Exit code, or -1 on timeout. */
    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }
}
