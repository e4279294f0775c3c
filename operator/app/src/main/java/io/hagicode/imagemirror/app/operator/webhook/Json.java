package io.hagicode.imagemirror.app.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reading the fields of sender payloads: a missing or mistyped required field is a 400 that names it. */
final class Json {
    private Json() {
    }

    static String text(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw RejectedEventException.badRequest(where + "." + field + " must be a non-empty string");
        }
        return value.asText();
    }

    static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** An RFC 3339 time; absent or unreadable reads as none (the arrival time is used instead). */
    static Optional<Instant> time(JsonNode node, String field) {
        return optionalText(node, field).flatMap(t -> {
            try {
                return Optional.of(OffsetDateTime.parse(t).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    /** Seconds since the epoch, as Docker Hub and Harbor send them. */
    static Optional<Instant> epochSeconds(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() && value.asLong() > 0 ? Optional.of(Instant.ofEpochSecond(value.asLong()))
                : Optional.empty();
    }
}
