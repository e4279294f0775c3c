package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.oci.Repository;

/** A rule the importer understood: copy {@code tags} of {@code source} to {@code destination}. */
record ImageRule(YamlEntry entry, String destinationText, Repository source, TagSelection tags, Repository destination)
        implements ParsedRule {
}
