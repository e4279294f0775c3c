package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.api.SpecDefaults;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** image-syncer's own example and CI files (src/test/resources/importer/image-syncer, see ORIGIN.md there). */
final class ImageSyncerFiles {
    private ImageSyncerFiles() {
    }

    static Path dir() {
        try {
            return Path.of(ImageSyncerFiles.class.getResource("/importer/image-syncer/ORIGIN.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path file(String relative) {
        return dir().resolve(relative);
    }

    /** The plan the importer makes with default flags, for rule-by-rule assertions. */
    static ImportPlan plan(InputFiles files, List<String> notes, List<String> warnings) throws ImportException {
        return plan(files, notes, warnings, name -> null);
    }

    static ImportPlan plan(InputFiles files, List<String> notes, List<String> warnings,
                           Function<String, String> environment) throws ImportException {
        SettingsFromFlags.Flags flags = new SettingsFromFlags.Flags(null, SpecDefaults.SCHEDULE, SpecDefaults.TIME_ZONE,
                null, null, List.of(), List.of(), false);
        ImportSettings settings = SettingsFromFlags.resolve(flags, environment, notes::add);
        return new ImageSyncerImport(settings, notes::add, warnings::add).run(files);
    }

    static ImportPlan plan(InputFiles files) throws ImportException {
        return plan(files, new ArrayList<>(), new ArrayList<>());
    }

    /** Each outcome as {@code LINE KEY -> DESTINATION: MIRROR} or {@code ...: skipped}. */
    static List<String> outcomes(ImportPlan plan) {
        return plan.outcomes().stream().map(o -> o.rule().entry().line() + " " + o.rule().entry().key() + " -> "
                + o.rule().destinationText() + ": " + (o.skipped() ? "skipped" : o.mirror())).toList();
    }
}
