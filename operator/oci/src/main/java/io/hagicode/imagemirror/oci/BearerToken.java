package io.hagicode.imagemirror.oci;

/** A registry token and when (in {@link System#nanoTime()} terms) it should no longer be used. */
record BearerToken(String value, long expiresAtNanos) {

    boolean isValidAt(long nanoTime) {
        return nanoTime - expiresAtNanos < 0;
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
