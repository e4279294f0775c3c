package io.hagicode.imagemirror.api;

/**
 * The upper bound of every string and list in the ImageMirror schema, in one place. The CRD declares them, which lets
 * the API server reject oversize input and, above all, price the CEL rules: a string without {@code maxLength} is
 * costed as if it filled the whole 3 MiB request, and a rule comparing two of them 32 times is over budget. The CLI,
 * which has no API server, enforces the spec's limits through {@link SpecChecks}.
 */
public final class FieldLimits {
    /** The longest name the OCI distribution reference grammar admits (NameTotalLengthMax). */
    public static final int REPOSITORY_LENGTH = 255;
    /** A Secret name is a DNS-1123 subdomain. */
    public static final int SECRET_NAME_LENGTH = 253;
    public static final int MAX_TARGETS = 32;
    public static final int MAX_TAG_PATTERNS = 32;
    /** Twice the longest tag (128): room for a pattern that spells one out. */
    public static final int TAG_PATTERN_LENGTH = 256;
    public static final int SEMVER_RANGE_LENGTH = 256;
    /** os/arch/variant; the longest in use today (linux/arm64/v8, windows/amd64) are far shorter. */
    public static final int PLATFORM_LENGTH = 64;
    public static final int MAX_PLATFORMS = 32;
    /** A five-field cron expression, with room for lists such as {@code 0,5,10,...,55}. */
    public static final int SCHEDULE_LENGTH = 256;
    /** IANA names are at most about 30 characters (America/Argentina/ComodRivadavia). */
    public static final int TIME_ZONE_LENGTH = 64;
    /** A proxy URL is a scheme, a host and a port; 2048 is the URL length browsers and proxies agree on. */
    public static final int PROXY_URL_LENGTH = 2048;
    /** http://host[:port][/]: no credentials (they belong in a Secret), no path, query or fragment. */
    public static final String PROXY_URL_PATTERN = "^[hH][tT][tT][pP]://(\\[[0-9a-fA-F:.]+\\]|[^\\s@:/?#\\[\\]]+)"
            + "(:[0-9]{1,5})?/?$";

    /** The OCI distribution spec's longest tag. */
    public static final int TAG_LENGTH = 128;
    /** The OCI distribution spec's tag grammar. */
    public static final String TAG_PATTERN = "^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$";
    /** Digest pins: the registries in use all address manifests by SHA-256. */
    public static final int MAX_DIGEST_PINS = 256;
    public static final String DIGEST_PATTERN = "^sha256:[a-f0-9]{64}$";
    /** {@code sha256:} and 64 hex digits. */
    public static final int DIGEST_LENGTH = 71;
    /** {@code spec.referrers.mode}: All, None or Types. */
    public static final int REFERRERS_MODE_LENGTH = 5;
    public static final String REFERRERS_MODE_PATTERN = "^(All|None|Types)$";
    public static final int MAX_ARTIFACT_TYPES = 16;
    /** RFC 6838: type and subtype names of at most 127 characters each. */
    public static final int MEDIA_TYPE_LENGTH = 255;
    public static final String MEDIA_TYPE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
            + "/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$";
    /** What names a tag's or a digest pin's outcome in status: a tag, or {@code [tag]@sha256:...}. */
    public static final int OUTCOME_NAME_LENGTH = TAG_LENGTH + 1 + DIGEST_LENGTH;
    /** Status stays small: a repository with hundreds of failing tags lists only the first few. */
    public static final int MAX_FAILED_TAGS = 10;
    public static final int FAILED_TAG_REASON_LENGTH = 1024;
    /** A normalised repository (Docker Hub shorthand gains {@code docker.io/library/}), a colon and a tag. */
    public static final int PULL_REFERENCE_LENGTH = 512;
    /** Allowed, Denied or Unknown. */
    public static final int ANONYMOUS_PULL_LENGTH = 7;
    /**
     * The API server's limit on all annotations of an object together (TotalAnnotationSizeLimitB), so whatever value
     * the requested-at annotation holds, the status can record it.
     */
    public static final int ANNOTATION_VALUE_LENGTH = 256 * 1024;
    /** {@code /hook/} and the 64 hex digits of a SHA-256. */
    public static final int WEBHOOK_PATH_LENGTH = 80;
    /** The name of a webhook sender the operator recognises, e.g. {@code distribution} or {@code dockerhub}. */
    public static final int WEBHOOK_SENDER_LENGTH = 32;
    /** Hex digits of a truncated SHA-256; the operator writes 16. */
    public static final int SECRETS_VERSION_LENGTH = 64;

    /** The bounds metav1.Condition declares (k8s.io/apimachinery/pkg/apis/meta/v1/types.go). */
    public static final int MAX_CONDITIONS = 8;
    public static final int CONDITION_TYPE_LENGTH = 316;
    public static final String CONDITION_TYPE_PATTERN = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
            + "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";
    public static final int CONDITION_REASON_LENGTH = 1024;
    public static final String CONDITION_REASON_PATTERN = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";
    public static final int CONDITION_MESSAGE_LENGTH = 32768;

    private FieldLimits() {
    }
}
