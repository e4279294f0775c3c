package io.hagicode.imagemirror.api;

/**
 * The spec's defaults, in one place. The CRD declares them (so the API server fills them in), and the CLI, which has
 * no API server, applies the same values when a field is absent.
 */
public final class SpecDefaults {
    public static final String SCHEDULE = "0 0 * * *";
    public static final String TIME_ZONE = "UTC";
    public static final String CONCURRENCY = "10";
    public static final String RETRIES = "3";
    public static final String SUSPEND = "false";
    public static final String INSECURE = "false";
    /** A mirror should be as verifiable as its source. */
    public static final String REFERRERS_MODE = "All";

    public static final int MIN_CONCURRENCY = 1;
    public static final int MAX_CONCURRENCY = 64;
    public static final int MIN_RETRIES = 0;
    public static final int MAX_RETRIES = 10;

    private SpecDefaults() {
    }
}
