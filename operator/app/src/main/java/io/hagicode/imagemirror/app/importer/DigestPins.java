package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.oci.ImageReference;
import java.util.Optional;

/**
 * The one place that turns digest-pinned rules ({@code repo@sha256:...}) away. ImageMirror holds pins in
 * {@code spec.digests}, but converting them (merging pins with the tag rules of the same source and destination) is
 * not done yet: drop this check and let {@link MirrorTags} collect the {@link TagSelection.Pinned} digests into that
 * field; parsing already carries the digest and the destination tag.
 */
final class DigestPins {
    private final SkopeoCommand skopeo;

    DigestPins(SkopeoCommand skopeo) {
        this.skopeo = skopeo;
    }

    Optional<String> skipReason(ImageRule rule) {
        if (!(rule.tags() instanceof TagSelection.Pinned pin)) {
            return Optional.empty();
        }
        ImageReference source = rule.source().withDigest(pin.digest());
        ImageReference destination = pin.destinationTag() == null ? rule.destination().withDigest(pin.digest())
                : rule.destination().withTag(pin.destinationTag());
        return Optional.of("pinned by digest: the importer does not convert digest pins yet; add it to an ImageMirror's spec.digests by hand, or mirror it with `"
                + skopeo.copy(source, destination) + "` meanwhile");
    }
}
