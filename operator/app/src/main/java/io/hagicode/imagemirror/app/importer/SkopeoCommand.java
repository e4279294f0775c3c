package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.oci.ImageReference;
import io.hagicode.imagemirror.oci.Repository;

/**
 * The one-off {@code skopeo copy} that does what a rule the importer cannot convert did, for the user to run while no
 * ImageMirror can: {@code --all} keeps every platform, so a digest stays the same. Endpoints that auth.yaml marks
 * insecure get skopeo's TLS switch, as image-syncer skipped TLS verification for them.
 */
final class SkopeoCommand {
    private final AuthFile auth;

    SkopeoCommand(AuthFile auth) {
        this.auth = auth;
    }

    String copy(ImageReference source, ImageReference destination) {
        return "skopeo copy --all" + (insecure(source.repository()) ? " --src-tls-verify=false" : "")
                + (insecure(destination.repository()) ? " --dest-tls-verify=false" : "")
                + " docker://" + source + " docker://" + destination;
    }

    private boolean insecure(Repository repository) {
        return auth.match(repository).map(AuthEntry::insecure).orElse(false);
    }
}
