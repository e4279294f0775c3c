package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.api.ImageMirrorSpec;
import java.util.List;

/** One ImageMirror to print, with the tags it copies and the images.yaml rules it came from. */
record MirrorPlan(String name, ImageMirrorSpec spec, MirrorTags tags, List<YamlEntry> rules) {
    MirrorPlan {
        rules = List.copyOf(rules);
    }
}
