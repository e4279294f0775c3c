package io.hagicode.imagemirror.app;

/** The CLI's exit codes, as documented in docs/cli.md. */
public final class ExitCodes {
    /** Every selected tag is in sync on every target. */
    public static final int OK = 0;
    /** Some tag failed, or the source could not be read. */
    public static final int SYNC_FAILED = 1;
    /**
     * import-image-syncer: some rules could not be converted (each is listed with its reason) and the rest were
     * written. The import's counterpart of {@link #SYNC_FAILED}: part of the work was done.
     */
    public static final int PARTIAL_IMPORT = 1;
    /** Invalid input: YAML, fields, regexes, references, platforms, credentials files. Nothing was contacted. */
    public static final int INVALID_INPUT = 2;
    /** A bug or an environment fault (e.g. out of memory); the message says so. */
    public static final int INTERNAL_ERROR = 3;

    private ExitCodes() {
    }
}
