package io.hagicode.imagemirror.app.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request the receiver accepted for parsing: its headers (names in lower case), its raw body (what signatures are
 * computed over) and that body read as JSON.
 */
public record WebhookRequest(Map<String, String> headers, byte[] body, JsonNode json) {

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
