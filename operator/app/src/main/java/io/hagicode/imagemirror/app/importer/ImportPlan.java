package io.hagicode.imagemirror.app.importer;

import java.util.List;

/** Everything the importer will print, in order: the Secrets, then the ImageMirrors. */
record ImportPlan(List<SecretPlan> secrets, List<MirrorPlan> mirrors) {
    ImportPlan {
        secrets = List.copyOf(secrets);
        mirrors = List.copyOf(mirrors);
    }
}
