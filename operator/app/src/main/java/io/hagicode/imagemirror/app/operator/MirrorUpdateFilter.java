package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.api.ImageMirror;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of an ImageMirror deserve a reconcile: a spec change (new generation), a new "sync now" annotation
 * value, or deletion. Generation-aware filtering alone would miss the annotation (annotations do not bump the
 * generation), and no filter at all would reconcile after each of the operator's own status patches.
 */
final class MirrorUpdateFilter implements OnUpdateFilter<ImageMirror> {

    @Override
    public boolean accept(ImageMirror updated, ImageMirror previous) {
        return !Objects.equals(updated.getMetadata().getGeneration(), previous.getMetadata().getGeneration())
                || !Objects.equals(requestedAt(updated), requestedAt(previous))
                || updated.isMarkedForDeletion();
    }

    static String requestedAt(ImageMirror mirror) {
        Map<String, String> annotations = mirror.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ImageMirror.REQUESTED_AT_ANNOTATION);
    }
}
