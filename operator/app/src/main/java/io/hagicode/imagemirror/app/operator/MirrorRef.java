package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.api.ImageMirror;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Which ImageMirror a sync belongs to, kept apart from the resource so a worker thread never holds a live (mutable)
 * custom resource. The UID tells a re-created mirror of the same name from the one a sync started for.
 */
public record MirrorRef(String namespace, String name, String uid) {

    public static MirrorRef of(ImageMirror mirror) {
        return new MirrorRef(mirror.getMetadata().getNamespace(), mirror.getMetadata().getName(),
                mirror.getMetadata().getUid());
    }

    public ResourceID id() {
        return new ResourceID(name, namespace);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
