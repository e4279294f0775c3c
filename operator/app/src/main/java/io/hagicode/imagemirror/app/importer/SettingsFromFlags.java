package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SpecDefaults;
import io.hagicode.imagemirror.api.SpecProblem;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the importer's flags into {@link ImportSettings}, checking them once, up front, so that a bad flag is one
 * error naming the flag rather than every rule skipped. Where image-syncer's flags and the spec's fields differ in
 * meaning or default, a note says what was written and why.
 */
final class SettingsFromFlags {
    /** image-syncer's defaults, cmd/image-syncer.go (v1.5.5): {@code --proc 5}, {@code --retries 2}. */
    static final int IMAGE_SYNCER_PROC = 5;
    static final int IMAGE_SYNCER_RETRIES = 2;
    /** image-syncer's --arch alone keeps every OS; spec.platforms names one, and container images are Linux's. */
    static final String ASSUMED_OS = "linux";
    private static final Map<String, String> FLAG_OF_FIELD = Map.of("spec.schedule", "--schedule",
            "spec.timeZone", "--time-zone", "spec.concurrency", "--proc", "spec.retries", "--retries",
            "spec.platforms", "--os/--arch");

    /** The command's flags as given; null for a flag left out. */
    record Flags(String namespace, String schedule, String timeZone, Integer proc, Integer retries, List<String> os,
                 List<String> arch, boolean withCredentials) {
    }

    private SettingsFromFlags() {
    }

    static ImportSettings resolve(Flags flags, Function<String, String> environment, Consumer<String> notes)
            throws ImportException {
        int concurrency = flags.proc() != null ? flags.proc() : Integer.parseInt(SpecDefaults.CONCURRENCY);
        if (flags.proc() == null) {
            notes.accept("--proc not given: image-syncer's default is " + IMAGE_SYNCER_PROC + " (goroutines for the "
                    + "whole run); written spec.concurrency: " + concurrency + ", the operator's default (blob "
                    + "transfers in flight per mirror). Give --proc N to choose");
        }
        int retries = flags.retries() != null ? flags.retries() : Integer.parseInt(SpecDefaults.RETRIES);
        if (flags.retries() == null) {
            notes.accept("--retries not given: image-syncer's default is " + IMAGE_SYNCER_RETRIES + " (passes over "
                    + "the failed tasks after the run); written spec.retries: " + retries + ", the operator's "
                    + "default (extra attempts per failed request). Give --retries N to choose");
        }
        List<String> platforms = platforms(present(flags.os()), present(flags.arch()), notes);
        ImportSettings settings = new ImportSettings(flags.namespace(), flags.schedule(), flags.timeZone(),
                concurrency, retries, platforms, flags.withCredentials(), environment);
        check(settings);
        return settings;
    }

    /** image-syncer's filter keeps a platform when its OS is one of --os and its architecture one of --arch. */
    private static List<String> platforms(List<String> os, List<String> arch, Consumer<String> notes)
            throws ImportException {
        if (os.isEmpty() && arch.isEmpty()) {
            return List.of();
        }
        if (arch.isEmpty()) {
            throw new ImportException("--os " + String.join(" --os ", os) + " without --arch: image-syncer then keeps "
                    + "every architecture of that OS, and spec.platforms lists os/arch pairs; give the architectures "
                    + "too (e.g. --arch amd64 --arch arm64), or neither flag to copy every platform");
        }
        List<String> systems = new ArrayList<>();
        for (String value : os) {
            if (value.contains(":")) {
                throw new ImportException("--os " + value + ": image-syncer also matches the OS version after ':', "
                        + "and spec.platforms has no OS version; give --os " + value.substring(0, value.indexOf(':'))
                        + " to copy every version");
            }
            systems.add(value);
        }
        if (systems.isEmpty()) {
            systems.add(ASSUMED_OS);
            notes.accept("--arch without --os: image-syncer keeps those architectures of every OS; spec.platforms "
                    + "names the OS, so " + ASSUMED_OS + " was written (add --os windows, say, for more)");
        }
        List<String> platforms = new ArrayList<>();
        for (String system : systems) {
            for (String value : arch) {
                // image-syncer writes a variant as arm:v7; spec.platforms as linux/arm/v7.
                String platform = system + "/" + value.replace(':', '/');
                try {
                    Platform.parse(platform);
                } catch (IllegalArgumentException e) {
                    throw new ImportException("--os " + system + " --arch " + value + ": " + e.getMessage());
                }
                platforms.add(platform);
            }
        }
        notes.accept("--os/--arch: written spec.platforms: [" + String.join(", ", platforms) + "]. Like image-syncer, "
                + "an index keeps the entries of those platforms; unlike it, a single-platform image is copied "
                + "whatever its platform");
        return platforms;
    }

    /** image-syncer drops empty values; a comma is no separator to it, so a list in one value matches nothing. */
    private static List<String> present(List<String> values) throws ImportException {
        List<String> present = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            String v = value.strip();
            if (v.contains(",")) {
                throw new ImportException("'" + v + "': image-syncer takes one value per --os or --arch and would "
                        + "look for one named '" + v + "', matching nothing; repeat the flag, one value each");
            }
            if (!v.isEmpty()) {
                present.add(v);
            }
        }
        return present;
    }

    private static void check(ImportSettings settings) throws ImportException {
        ImageMirrorSpec probe = new ImageMirrorSpec();
        probe.setSource(new RepositorySpec("registry.example/probe/source", null, null));
        probe.setTargets(new ArrayList<>(List.of(new RepositorySpec("registry.example/probe/target", null, null))));
        probe.setSchedule(settings.schedule());
        probe.setTimeZone(settings.timeZone());
        probe.setConcurrency(settings.concurrency());
        probe.setRetries(settings.retries());
        probe.setPlatforms(new ArrayList<>(settings.platforms()));
        try {
            SpecValidator.validate(probe);
        } catch (InvalidSpecException e) {
            throw new ImportException(e.problems().stream().map(SettingsFromFlags::describe)
                    .collect(Collectors.joining("; ")));
        }
    }

    private static String describe(SpecProblem problem) {
        String field = problem.field().replaceAll("\\[\\d+]$", "");
        return FLAG_OF_FIELD.getOrDefault(field, field) + " " + problem.value() + ": " + problem.message()
                + " (it becomes " + problem.field() + ")";
    }
}
