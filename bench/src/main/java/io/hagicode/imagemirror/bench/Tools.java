package io.hagicode.imagemirror.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of the two tools compared: {@code imagemirror sync} (the real CLI jar, run as users run it, through
 * {@code bin/imagemirror} with its class data archive) and {@code skopeo sync}.
 */
final class Tools {
    static final String SKOPEO = "/usr/bin/skopeo";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LAUNCHER = Path.of("bin/imagemirror").toAbsolutePath();

    private final Path jar;
    private final Path dir;
    private final int concurrency;
    private final boolean classArchive;

    /**
     * @param jar         imagemirror.jar
     * @param dir         where spec files and an empty Docker config go
     * @param concurrency the spec's {@code concurrency}
     * @param classArchive whether the launcher keeps a class data archive (off: plain {@code java -jar})
     */
    Tools(Path jar, Path dir, int concurrency, boolean classArchive) {
        this.jar = jar.toAbsolutePath();
        this.dir = dir;
        this.concurrency = concurrency;
        this.classArchive = classArchive;
    }

    boolean classArchive() {
        return classArchive;
    }

    /**
     * {@code bin/imagemirror sync -f SPEC --output json} ({@code JAVA_OPTS=jvmOptions}, the run directory's copy of the
     * jar, its class archive in the run directory) from {@code sourceRepository} (a
     * {@code host:port/path} on an open plain-HTTP registry) to each target repository. An empty Docker config
     * keeps the user's own credentials out of the run.
     */
    List<String> imagemirror(String name, String sourceRepository, List<String> targetRepositories,
                             String tagInclude, List<String> jvmOptions) {
        Path spec = dir.resolve(name + ".yaml");
        Path dockerConfig = dir.resolve("empty-docker-config.json");
        StringBuilder y = new StringBuilder();
        y.append("apiVersion: mirror.hagicode.io/v1alpha1\nkind: ImageMirror\nmetadata:\n  name: ").append(name)
                .append("\nspec:\n  source:\n    repository: ").append(sourceRepository)
                .append("\n    insecure: true\n  targets:\n");
        for (String target : targetRepositories) {
            y.append("    - repository: ").append(target).append("\n      insecure: true\n");
        }
        if (tagInclude != null) {
            y.append("  tags:\n    include: ['").append(tagInclude).append("']\n");
        }
        y.append("  concurrency: ").append(concurrency).append("\n  retries: 3\n");
        try {
            Files.createDirectories(dir);
            Files.writeString(spec, y.toString());
            Files.writeString(dockerConfig, "{\"auths\": {}}\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + spec, e);
        }
        List<String> command = new ArrayList<>(List.of("env", "IMAGEMIRROR_JAR=" + jar,
                "IMAGEMIRROR_CACHE=" + dir.resolve("class-archive").toAbsolutePath(),
                "IMAGEMIRROR_CDS=" + (classArchive ? "on" : "off"), "JAVA_OPTS=" + String.join(" ", jvmOptions),
                LAUNCHER.toString(), "sync", "-f", spec.toString(), "--output", "json",
                "--docker-config", dockerConfig.toString()));
        return command;
    }

    /**
     * {@code skopeo sync --all} of every tag of {@code sourceRepository} into {@code destinationNamespace}, which
     * skopeo extends with the source's last path element ({@code host/mirror} + {@code bench/app} ->
     * {@code host/mirror/app}), as people script it today.
     */
    static List<String> skopeoSync(String sourceRepository, String destinationNamespace) {
        return List.of(SKOPEO, "--insecure-policy", "sync", "--all", "--src", "docker", "--dest", "docker",
                "--src-tls-verify=false", "--dest-tls-verify=false", "--src-no-creds", "--dest-no-creds",
                sourceRepository, destinationNamespace);
    }

    /** imagemirror's JSON document; throws when stdout is not one. */
    static JsonNode report(MeasuredProcess.Run run) {
        try {
            return JSON.readTree(run.stdoutText());
        } catch (IOException e) {
            throw new IllegalStateException(run.name() + " printed no JSON document on stdout; see " + run.stdout(), e);
        }
    }

    /** The time imagemirror reports for its mirrors ({@code mirrors[].totals.durationSeconds}), start-up excluded. */
    static double syncSeconds(JsonNode report) {
        double sum = 0;
        for (JsonNode mirror : report.path("mirrors")) {
            sum += mirror.path("totals").path("durationSeconds").asDouble(0);
        }
        return sum;
    }

    /** Counts the tag outcomes of every target in {@code state} (upToDate, copied, failed, planned). */
    static int tagsIn(JsonNode report, String state) {
        int n = 0;
        for (JsonNode mirror : report.path("mirrors")) {
            for (JsonNode target : mirror.path("targets")) {
                for (JsonNode tag : target.path("tags")) {
                    if (state.equals(tag.path("state").asText())) {
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
