package io.hagicode.imagemirror.app.operator.webhook;

import io.hagicode.imagemirror.oci.Repository;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.function.Predicate;

/**
 * A mirror that receives webhooks: which events it accepts (its source repository, the tags its filter could select)
 * and the token that signed senders must have used. {@code toString} leaves the token out.
 *
 * @param selects false for a tag the mirror's tag filter rejects on its own; true when the filter cannot judge a tag
 *                alone (spec.tags.latest), leaving that to the sync
 */
public record Hook(ResourceID mirror, String path, byte[] token, Repository source, Predicate<String> selects) {

    @Override
    public String toString() {
        return "webhook of " + mirror.getNamespace().orElse("") + "/" + mirror.getName() + " for " + source;
    }
}
