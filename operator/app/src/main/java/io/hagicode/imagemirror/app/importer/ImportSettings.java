package io.hagicode.imagemirror.app.importer;

import java.util.List;
import java.util.function.Function;

/**
 * What the command line adds to the files: where the resources go, the schedule that replaces the workflow's cron,
 * the spec fields that image-syncer's --proc, --retries, --os and --arch become, whether real credentials may be
 * written, and the environment image-syncer would have expanded {@code $VAR} from.
 */
record ImportSettings(String namespace, String schedule, String timeZone, int concurrency, int retries,
                      List<String> platforms, boolean withCredentials, Function<String, String> environment) {
    ImportSettings {
        platforms = List.copyOf(platforms);
    }
}
