package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.RegistryErrorKind;

/**
 * One tag on one target. {@code digest} is the source digest the tag now has (or would have) at the target;
 * {@code error} and {@code errorKind} are set only when {@code state} is FAILED.
 */
public record TagOutcome(String tag, TagState state, String digest, String error, RegistryErrorKind errorKind) {
    public static TagOutcome of(String tag, TagState state, String digest) {
        return new TagOutcome(tag, state, digest, null, null);
    }

    public static TagOutcome failed(String tag, String digest, String error, RegistryErrorKind kind) {
        return new TagOutcome(tag, TagState.FAILED, digest, error, kind);
    }
}
