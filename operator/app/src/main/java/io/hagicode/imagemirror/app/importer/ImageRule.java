package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.oci.Repository;
import java.util.List;

/** One rule of images.yaml: a source (repository and tag selection) and where it goes. */
record ImageRule(YamlEntry entry, Repository source, TagSelection tags, List<Repository> destinations) {
    ImageRule {
        destinations = List.copyOf(destinations);
    }
}
