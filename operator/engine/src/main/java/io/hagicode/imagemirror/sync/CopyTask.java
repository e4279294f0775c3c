package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Reference;
import io.hagicode.imagemirror.oci.Tag;

/**
 * A tag (or digest pin) the planner found missing or stale on a target. {@code tag} names the outcome;
 * {@code pushTo} is what the root manifest is PUT as (the tag, or for an untagged pin its digest).
 * {@code contentPresent}: the target already holds the manifest by digest (under another tag, say), so only the final
 * PUT is needed.
 */
record CopyTask(Target target, String tag, Descriptor source, boolean contentPresent, Reference pushTo) {

    CopyTask(Target target, String tag, Descriptor source, boolean contentPresent) {
        this(target, tag, source, contentPresent, new Tag(tag));
    }

    CopyTask withContentPresent(boolean present) {
        return new CopyTask(target, tag, source, present, pushTo);
    }

    String digest() {
        return source.digest().toString();
    }
}
