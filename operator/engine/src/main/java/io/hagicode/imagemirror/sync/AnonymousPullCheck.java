package io.hagicode.imagemirror.sync;

/**
 * What the anonymous pull probe of one target found.
 *
 * @param result what it means for the public
 * @param tag    the tag probed, or null when no probe was made
 * @param detail one line saying why, for {@code DENIED} and {@code UNKNOWN}; null for {@code ALLOWED}. It comes from a
 *               client that holds no credentials, so it cannot carry one.
 */
public record AnonymousPullCheck(AnonymousPull result, String tag, String detail) {
    /** What a report says when no probe was part of making it. */
    public static final AnonymousPullCheck NOT_CHECKED = unknown(null, "not checked");

    public AnonymousPullCheck {
        if (result == null) {
            throw new IllegalArgumentException("result is required");
        }
    }

    public static AnonymousPullCheck allowed(String tag) {
        return new AnonymousPullCheck(AnonymousPull.ALLOWED, tag, null);
    }

    public static AnonymousPullCheck denied(String tag, String detail) {
        return new AnonymousPullCheck(AnonymousPull.DENIED, tag, detail);
    }

    public static AnonymousPullCheck unknown(String tag, String why) {
        return new AnonymousPullCheck(AnonymousPull.UNKNOWN, tag, why);
    }
}
