package io.hagicode.imagemirror.app.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * image-syncer's input, in either of its forms: {@code --auth} and {@code --images} (auth optional, as in
 * image-syncer), or the older single {@code --config} file with {@code auth:} and {@code images:} sections.
 */
record InputFiles(Path config, Path auth, Path images) {
    private static final String AUTH = "auth";
    private static final String IMAGES = "images";

    /** The auth entries and image rules, read. */
    record Read(List<YamlEntry> auth, List<YamlEntry> images) {
    }

    static InputFiles of(Path config, Path auth, Path images) throws ImportException {
        if (config != null && (auth != null || images != null)) {
            throw new ImportException("--config cannot be combined with --auth or --images (image-syncer uses "
                    + "--config alone when it is given)");
        }
        if (config == null && images == null) {
            throw new ImportException("give --images FILE (with --auth FILE), or --config FILE");
        }
        return new InputFiles(config, auth, images);
    }

    Read read() throws ImportException {
        if (config != null) {
            Map<String, List<YamlEntry>> sections = TopLevelEntries.readSections(config, List.of(AUTH, IMAGES));
            return new Read(sections.get(AUTH), sections.get(IMAGES));
        }
        List<YamlEntry> authEntries = auth == null ? List.of() : TopLevelEntries.read(auth);
        List<YamlEntry> imageEntries = TopLevelEntries.read(images);
        refuseCombinedFile(authEntries, "--auth");
        refuseCombinedFile(imageEntries, "--images");
        return new Read(authEntries, imageEntries);
    }

    /** The files named in the output's header. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (Path file : new Path[] {config, auth, images}) {
            if (file != null) {
                names.add(file.toString());
            }
        }
        return names;
    }

    private static void refuseCombinedFile(List<YamlEntry> entries, String option) throws ImportException {
        if (!entries.isEmpty() && entries.stream().allMatch(e -> Set.of(AUTH, IMAGES).contains(e.key()))) {
            throw new ImportException(entries.get(0).where() + ": this is image-syncer's older single file, with "
                    + "'auth' and 'images' sections; pass it with --config instead of " + option);
        }
    }
}
