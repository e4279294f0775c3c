package io.hagicode.imagemirror.sync;

import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of one tag on one target. */
public enum TagState {
    UP_TO_DATE("upToDate"),
    COPIED("copied"),
    FAILED("failed"),
    /** Dry run: would be copied. */
    PLANNED("planned");

    private final String json;

    TagState(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
