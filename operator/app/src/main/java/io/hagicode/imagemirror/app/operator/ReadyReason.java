package io.hagicode.imagemirror.app.operator;

import java.util.Arrays;
import java.util.Optional;

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

    /** No sync could start: a referenced Secret is missing or unusable. */
    public boolean secretProblem() {
        return this == CredentialsNotFound || this == InvalidCredentials;
    }

    /** The reason a condition holds as text; empty for one this operator does not know (a newer one wrote it). */
    static Optional<ReadyReason> parse(String text) {
        return Arrays.stream(values()).filter(r -> r.name().equals(text)).findFirst();
    }
}
