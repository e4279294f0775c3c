package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.api.ImageMirrorSpec;
import java.util.List;

/** One ImageMirror to print, with the images.yaml rules it came from (more than one when keys were merged). */
record MirrorPlan(String name, ImageMirrorSpec spec, List<YamlEntry> rules) {
    MirrorPlan {
        rules = List.copyOf(rules);
    }
}
