package io.hagicode.imagemirror.sync;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether someone without credentials can pull from a target, as one anonymous manifest HEAD found after a sync. */
public enum AnonymousPull {
    /** The anonymous HEAD of a tag in sync answered 2xx. */
    ALLOWED("Allowed"),
    /** The registry (or its token endpoint) answered 401 or 403 to a client without credentials. */
    DENIED("Denied"),
    /** Not decided: no tag in sync to probe, the probe could not reach the registry, or an answer that says neither. */
    UNKNOWN("Unknown");

    private final String json;

    AnonymousPull(String json) {
        this.json = json;
    }

    /** How status and reports spell it: {@code Allowed}, {@code Denied}, {@code Unknown}. */
    @JsonValue
    public String json() {
        return json;
    }
}
