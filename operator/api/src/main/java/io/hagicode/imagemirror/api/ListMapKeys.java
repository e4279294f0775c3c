package io.hagicode.imagemirror.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a list of objects as {@code x-kubernetes-list-type: map} keyed by these properties: the API server then
 * rejects two items with the same key, and server-side apply (Argo CD) merges the list item by item instead of
 * replacing it whole. fabric8's crd-generator 7.5 has no annotation for this; {@link CrdExporter} applies it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ListMapKeys {
    /** Properties of the item; each must be required (the API server insists) and a scalar. */
    String[] value();
}
