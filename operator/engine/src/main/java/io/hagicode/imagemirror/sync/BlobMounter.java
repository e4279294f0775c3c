package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Repository;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-repository mounts: a blob that already lives in another repository of the target's registry is linked there
 * instead of uploaded. Candidates are the source repository (when source and target share a registry) and whatever
 * {@link BlobLocations} learned. The target's credentials may not allow reading the other repository; the registry
 * then refuses and the caller uploads.
 */
final class BlobMounter {
    private static final Logger LOG = LoggerFactory.getLogger(BlobMounter.class);
    private final Repository source;
    private final BlobLocations locations;

    BlobMounter(Repository source, BlobLocations locations) {
        this.source = source;
        this.locations = locations;
    }

    boolean tryMount(Target target, Descriptor blob) {
        Repository to = target.repository();
        List<Repository> candidates = new ArrayList<>(2);
        if (source.registry().equals(to.registry()) && !source.equals(to)) {
            candidates.add(source);
        }
        locations.find(blob.digest(), to.registry(), to).filter(r -> !candidates.contains(r)).ifPresent(candidates::add);
        for (Repository from : candidates) {
            try {
                if (target.client().mountBlob(to, blob.digest(), from)) {
                    return true;
                }
            } catch (RuntimeException e) {
                LOG.debug("mounting {} from {} into {} failed; uploading instead", blob.digest(), from, to, e);
            }
        }
        return false;
    }
}
