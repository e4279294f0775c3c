package io.hagicode.imagemirror.app.operator;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 text for status fields, in whole seconds as Kubernetes writes its own times. */
final class Timestamps {
    private Timestamps() {
    }

    static String seconds(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static Instant parse(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
