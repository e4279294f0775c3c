package io.hagicode.imagemirror.app.operator;

/** The reasons of the Ready condition, as the CRD reference documents them. Only {@link #Synced} means Ready=True. */
public enum ReadyReason {
    /** The last sync left every selected tag in sync on every target. */
    Synced,
    /** Some tags are in sync, others failed. */
    PartiallySynced,
    /** The sync failed for reasons none of the more specific ones describe. */
    SyncFailed,
    /** The spec cannot be mirrored as written (bad regex, cron, reference...). */
    InvalidSpec,
    /** A referenced Secret does not exist. */
    CredentialsNotFound,
    /** A referenced Secret cannot be used: wrong type, missing key, malformed JSON, no entry for the registry. */
    InvalidCredentials,
    /** A registry refused the credentials (401/403). */
    AuthenticationFailed,
    /** The source repository or its tags do not exist. */
    SourceNotFound,
    /** A registry answered 429 Too Many Requests. */
    RateLimited,
    /** spec.suspend is true. */
    Suspended;

    public boolean ready() {
        return this == Synced;
    }
}
