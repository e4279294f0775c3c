package io.hagicode.imagemirror.app.cli;

import io.hagicode.imagemirror.api.ImageMirrorDocuments;
import io.hagicode.imagemirror.api.InvalidDocumentException;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.SpecProblem;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads and validates every document of every file before anything touches the network, collecting every problem so
 * that one run lists them all.
 */
final class MirrorFiles {

    record Mirror(ImageMirrorDocuments.Loaded document, ValidatedSpec spec) {
        String name() {
            return document.mirror().getMetadata().getName();
        }
    }

    record Result(List<Mirror> mirrors, List<String> errors) {
    }

    private MirrorFiles() {
    }

    static Result load(List<Path> files) {
        List<Mirror> mirrors = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (Path file : files) {
            List<ImageMirrorDocuments.Loaded> docs;
            try {
                docs = ImageMirrorDocuments.read(file);
            } catch (InvalidDocumentException e) {
                errors.add(e.getMessage());
                continue;
            }
            for (ImageMirrorDocuments.Loaded doc : docs) {
                String name = doc.mirror().getMetadata().getName();
                String earlier = names.putIfAbsent(name, doc.describe());
                if (earlier != null) {
                    errors.add(doc.describe() + ": metadata.name = '" + name + "': already used by " + earlier);
                    continue;
                }
                try {
                    mirrors.add(new Mirror(doc, SpecValidator.validate(doc.mirror().getSpec())));
                } catch (InvalidSpecException e) {
                    for (SpecProblem problem : e.problems()) {
                        errors.add(doc.describe() + ": " + problem);
                    }
                }
            }
        }
        return new Result(mirrors, errors);
    }
}
