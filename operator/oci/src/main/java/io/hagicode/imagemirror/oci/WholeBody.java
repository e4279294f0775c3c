package io.hagicode.imagemirror.oci;

/**
 * A request tag: the caller reads the whole body of a successful answer (a manifest, a tag page, a token), and never
 * more than {@code limit} bytes. The {@link RetryInterceptor} then reads it before handing the answer on, so a body cut
 * half way is retried like a failed request; a streamed blob carries no such tag and is never buffered.
 */
record WholeBody(long limit) {
}
