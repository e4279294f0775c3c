package io.hagicode.imagemirror.testkit;

import java.util.List;

/**
 * An image manifest as it sits in the registry after a push.
 *
 * @param platform     {@code os/arch[/variant]}
 * @param layerDigests bottom-up
 */
public record PushedManifest(String platform, String digest, String mediaType, String configDigest,
                             List<String> layerDigests) {
    public PushedManifest {
        layerDigests = List.copyOf(layerDigests);
    }
}
