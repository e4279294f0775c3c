package io.hagicode.imagemirror.app.importer;

import java.util.List;
import java.util.function.Consumer;

/**
 * One import, without the command line around it: reads the files, parses the rules and plans the output. Notes
 * say what was decided for the user (defaults, expansions); warnings, what in the input deserves a second look.
 */
final class ImageSyncerImport {
    private final ImportSettings settings;
    private final Consumer<String> notes;
    private final Consumer<String> warnings;

    ImageSyncerImport(ImportSettings settings, Consumer<String> notes, Consumer<String> warnings) {
        this.settings = settings;
        this.notes = notes;
        this.warnings = warnings;
    }

    ImportPlan run(InputFiles files) throws ImportException {
        InputFiles.Read read = files.read();
        if (files.config() == null && files.auth() == null) {
            notes.accept("no --auth: every registry is accessed anonymously, as image-syncer does without one");
        }
        AuthFile auth = AuthFile.parse(read.auth(), warnings);
        if (files.config() != null && settings.withCredentials()) {
            warnUnexpandedConfigCredentials(auth);
        }
        if (read.images().isEmpty()) {
            throw new ImportException((files.config() != null ? files.config() + ": 'images'" : files.images())
                    + " holds no image rules");
        }
        SkopeoCommand skopeo = new SkopeoCommand(auth);
        List<ParsedRule> rules = new ImageRules(settings.environment(), skopeo, notes).parse(read.images());
        return new ImportPlanner(settings, notes, warnings).plan(rules, auth);
    }

    /** image-syncer expands $VAR in an --auth file only (NewSyncConfig in pkg/client/config.go). */
    private void warnUnexpandedConfigCredentials(AuthFile auth) {
        for (AuthEntry entry : auth.entries()) {
            if (!EnvReferences.variables(entry.username()).isEmpty()
                    || !EnvReferences.variables(entry.password()).isEmpty()) {
                warnings.accept(entry.entry().where() + ": image-syncer does not expand $VAR in a --config file's "
                        + "credentials (only in an --auth file), so it sent them as written; the importer expanded "
                        + "them, as that is surely what was meant");
            }
        }
    }
}
