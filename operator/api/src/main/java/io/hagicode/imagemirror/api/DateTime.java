package io.hagicode.imagemirror.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A string holding an RFC 3339 time, declared {@code format: date-time} so that clients and CEL read it as a timestamp.
 * The field stays a String in Java, which the generator types as a plain string; {@link CrdExporter} adds the format.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface DateTime {
}
