package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;

/**
 * A tag the planner found missing or stale on a target. {@code contentPresent}: the target already holds the manifest
 * by digest (under another tag, say), so only the tag itself needs a PUT.
 */
record CopyTask(Target target, String tag, Descriptor source, boolean contentPresent) {

    CopyTask withContentPresent(boolean present) {
        return new CopyTask(target, tag, source, present);
    }

    String digest() {
        return source.digest().toString();
    }
}
