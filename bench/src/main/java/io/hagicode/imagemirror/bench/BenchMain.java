package io.hagicode.imagemirror.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Runs the benchmark (see bench/run.sh): the WAN scenario, then on plain loopback cold sync, no-op re-sync and memory scenarios, each on its own
 * loopback registries; prints the results as markdown on stdout and puts them into docs/benchmarks.md.
 * Progress goes to stderr. Exit 0 when every scenario ran to the end, whether or not the goals are met.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings;
        try {
            settings = BenchSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(settings.jar())) {
            System.err.println("bench: " + settings.jar() + " not found: build it with mvn -B -q -DskipTests install");
            System.exit(2);
        }
        Path runDir = settings.workDir().resolve(LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
        Files.createDirectories(runDir);
        Progress.say("outputs of every process go to %s", runDir);
        // A private copy: a rebuild of the project during the run must not change the jar under test.
        Path jar = Files.copy(settings.jar(), runDir.resolve("imagemirror.jar"));
        Tools tools = new Tools(jar, runDir, settings.concurrency(), settings.classArchive());
        waitForIdle(settings.idleLoad());
        if (settings.classArchive()) {
            trainClassArchive(tools, runDir);
        }
        double started = Progress.elapsedSeconds();
        MachineInfo machine = MachineInfo.probe();

        List<WanScenario.Table> wan;
        ColdSyncScenario.Result cold;
        NoopScenario.Result noop;
        MemoryScenario.Result memory;
        try {
            wan = settings.runs("wan") ? new WanScenario(settings, tools, runDir).run() : List.of();
            cold = settings.runs("cold") ? new ColdSyncScenario(settings, tools, runDir).run() : null;
            noop = settings.runs("noop") ? new NoopScenario(settings, tools, runDir).run() : null;
            memory = settings.runs("memory") ? new MemoryScenario(settings, tools, runDir).run() : null;
        } catch (RuntimeException e) {
            // A tool that failed or skipped work makes every figure meaningless: no results are written.
            System.err.println("bench: " + e.getMessage());
            System.err.println("bench: no results written; the outputs of every process are in " + runDir);
            System.exit(1);
            return;
        }

        String markdown = new Report(settings, machine, wan, cold, noop, memory,
                Progress.elapsedSeconds() - started).markdown();
        System.out.println(markdown);
        Files.writeString(runDir.resolve("results.md"), markdown);
        ResultsDocument.write(settings.doc(), markdown);
        Progress.say("results written to %s and %s", settings.doc(), runDir.resolve("results.md"));
    }

    /**
     * One unmeasured sync of a small fixture, whose exit writes the launcher's class data archive: every measured run
     * then starts as a user's second and later runs do (bin/imagemirror).
     */
    private static void trainClassArchive(Tools tools, Path runDir) throws InterruptedException {
        try (io.hagicode.imagemirror.testkit.DistributionRegistry source =
                     io.hagicode.imagemirror.testkit.DistributionRegistry.plain();
             TargetPair targets = new TargetPair()) {
            ColdFixture.Pushed fixture = ColdFixture.push(source.hostPort(), "bench/train", 4, 4);
            MeasuredProcess.Run run = MeasuredProcess.run("train-class-archive", tools.imagemirror(
                    "train-class-archive", source.hostPort() + "/bench/train", targets.repositories("mirror/train"),
                    null, List.of()), runDir).requireSuccess();
            targets.requireMirrored("train-class-archive", "mirror/train", fixture.tagDigests());
            Progress.say("class archive: made by a training sync in %.1f s", run.wallSeconds());
        }
    }

    /** Other work on the machine skews every figure; optionally wait for it to end (at most 15 minutes). */
    private static void waitForIdle(double maxLoad) throws InterruptedException {
        if (maxLoad <= 0) {
            return;
        }
        long deadline = System.nanoTime() + 15L * 60 * 1_000_000_000L;
        while (MachineInfo.loadOneMinute() >= maxLoad && System.nanoTime() < deadline) {
            Progress.say("waiting for the 1-minute load average (%s) to drop below %.2f",
                    MachineInfo.loadAverage(), maxLoad);
            Thread.sleep(20_000);
        }
    }
}
