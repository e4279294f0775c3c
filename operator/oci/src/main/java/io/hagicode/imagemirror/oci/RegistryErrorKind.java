package io.hagicode.imagemirror.oci;

/** Why a registry request failed, mapped from the OCI error codes, the HTTP status, or what the client verified. */
public enum RegistryErrorKind {
    /** 401 or UNAUTHORIZED: credentials missing or rejected. */
    UNAUTHORIZED,
    /** 403 or DENIED: authenticated, but not allowed (e.g. no push right). */
    DENIED,
    /** NAME_UNKNOWN: the repository does not exist. */
    NAME_UNKNOWN,
    /** MANIFEST_UNKNOWN or a 404 on a manifest. */
    MANIFEST_UNKNOWN,
    /** BLOB_UNKNOWN or a 404 on a blob. */
    BLOB_UNKNOWN,
    /** 429 or TOOMANYREQUESTS. */
    TOO_MANY_REQUESTS,
    /** Content whose digest or size differs from what was asked for. */
    DIGEST_MISMATCH,
    /** A manifest or response over the client's size bound. */
    TOO_LARGE,
    /** Malformed answers: bad JSON, missing headers, unknown media types where one is required. */
    INVALID_RESPONSE,
    /** 5xx. */
    SERVER_ERROR,
    /** Connection refused or reset, timeouts, TLS failures. */
    NETWORK,
    /** Refused by the client itself, e.g. a token realm on a link-local address. */
    REFUSED,
    /** Anything else the registry said no to. */
    OTHER;

    /**
     * The registry refused who we are or what we may do ({@link #UNAUTHORIZED}, {@link #DENIED}): repeating the request
     * cannot help, and the next request with the same credentials will meet the same answer.
     */
    public boolean isAuthFailure() {
        return this == UNAUTHORIZED || this == DENIED;
    }
}
