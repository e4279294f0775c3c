package io.hagicode.imagemirror.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command run under {@code /usr/bin/time -v}, which reports the peak resident set size the kernel saw
 * ({@code ru_maxrss}); wall time is taken here around the process. stdout and stderr go to files in the run's
 * directory, so a failed or odd run can be read afterwards.
 */
final class MeasuredProcess {
    static final String TIME = "/usr/bin/time";
    private static final Pattern MAX_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    private static final Pattern CPU = Pattern.compile("(?:User|System) time \\(seconds\\): ([0-9.]+)");
    private static final long TIMEOUT_MINUTES = 30;

    private final String name;
    private final Process process;
    private final long startedNanos;
    private final Path stdout;
    private final Path stderr;
    private final Path timeReport;

    private MeasuredProcess(String name, Process process, long startedNanos, Path stdout, Path stderr,
                            Path timeReport) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.stdout = stdout;
        this.stderr = stderr;
        this.timeReport = timeReport;
    }

    /** Starts {@code command}; {@code name} names its output files in {@code dir} (e.g. "cold-skopeo-t1"). */
    static MeasuredProcess start(String name, List<String> command, Path dir) {
        try {
            Files.createDirectories(dir);
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            Path time = dir.resolve(name + ".time");
            List<String> full = new ArrayList<>(List.of(TIME, "-v", "-o", time.toString()));
            full.addAll(command);
            Files.writeString(dir.resolve(name + ".cmd"), String.join(" ", command) + "\n");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(full).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            return new MeasuredProcess(name, p, t0, out, err, time);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs {@code command} to its end. */
    static Run run(String name, List<String> command, Path dir) {
        return start(name, command, dir).await();
    }

    /** Waits for the end; a non-zero exit is returned, not thrown (see {@link Run#requireSuccess()}). */
    Run await() {
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(name + " ran longer than " + TIMEOUT_MINUTES + " minutes; see "
                        + stderr);
            }
            double wall = (System.nanoTime() - startedNanos) / 1e9;
            String report = timeReport();
            return new Run(name, process.exitValue(), wall, peakRssKib(report), cpuSeconds(report), stdout, stderr);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " ran", e);
        }
    }

    private String timeReport() {
        try {
            return Files.readString(timeReport);
        } catch (IOException e) {
            return "";
        }
    }

    private static long peakRssKib(String report) {
        Matcher m = MAX_RSS.matcher(report);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** User plus system CPU time. */
    private static double cpuSeconds(String report) {
        double sum = 0;
        for (Matcher m = CPU.matcher(report); m.find(); ) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /**
     * @param peakRssKib the process's peak RSS in KiB, -1 when time(1) did not report it
     * @param cpuSeconds user plus system CPU time the process used
     */
    record Run(String name, int exitCode, double wallSeconds, long peakRssKib, double cpuSeconds, Path stdout,
               Path stderr) {

        String stdoutText() {
            return read(stdout);
        }

        Run requireSuccess() {
            if (exitCode != 0) {
                String tail = read(stderr).lines().skip(Math.max(0, read(stderr).lines().count() - 15))
                        .reduce("", (a, b) -> a + "\n  " + b);
                throw new IllegalStateException(name + " exited with " + exitCode + "; stderr tail:" + tail);
            }
            return this;
        }

        double peakRssMib() {
            return peakRssKib / 1024.0;
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return "";
            }
        }
    }
}
