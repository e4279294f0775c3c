package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.api.ImageMirror;

/** Why a sync starts; shown in the SyncStarted event. */
public enum SyncTrigger {
    FIRST("first sync of this mirror"),
    SPEC_CHANGED("the spec changed"),
    REQUESTED("requested through the " + ImageMirror.REQUESTED_AT_ANNOTATION + " annotation"),
    SCHEDULED("scheduled"),
    INTERRUPTED("resuming a sync that did not finish (operator restart)"),
    CREDENTIALS_RETRY("retrying after a credentials problem");

    private final String description;

    SyncTrigger(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
