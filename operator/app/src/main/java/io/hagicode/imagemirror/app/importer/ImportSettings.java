package io.hagicode.imagemirror.app.importer;

import java.util.function.Function;

/**
 * What the command line adds to the two files: where the resources go, the schedule that replaces the workflow's
 * cron, image-syncer's --proc and --retries, and whether real credentials may be written.
 */
record ImportSettings(String namespace, String schedule, String timeZone, int concurrency, int retries,
                      boolean withCredentials, Function<String, String> environment) {
}
