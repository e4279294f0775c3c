package io.hagicode.imagemirror.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine and tool versions a run used, for the results' header. */
record MachineInfo(String cpu, int cores, long ramMib, String kernel, String java, String distribution,
                   String skopeo, String date, String loadAtStart) {

    static MachineInfo probe() {
        return new MachineInfo(
                firstValue(Path.of("/proc/cpuinfo"), "model name"),
                Runtime.getRuntime().availableProcessors(),
                memTotalMib(),
                read(Path.of("/proc/sys/kernel/osrelease")).strip(),
                firstLine(List.of("java", "-version")),
                firstLine(List.of("/usr/bin/docker-registry", "--version")),
                firstLine(List.of(Tools.SKOPEO, "--version")),
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                loadAverage());
    }

    /** The 1, 5 and 15 minute load averages: anything else busy on the machine skews every figure. */
    static String loadAverage() {
        String[] fields = read(Path.of("/proc/loadavg")).strip().split("\\s+");
        return fields.length >= 3 ? fields[0] + " / " + fields[1] + " / " + fields[2] : "unknown";
    }

    /** The 1-minute load average, or 0 when unknown. */
    static double loadOneMinute() {
        try {
            return Double.parseDouble(read(Path.of("/proc/loadavg")).strip().split("\\s+")[0]);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static long memTotalMib() {
        String kib = firstValue(Path.of("/proc/meminfo"), "MemTotal").replaceAll("[^0-9]", "");
        return kib.isEmpty() ? -1 : Long.parseLong(kib) / 1024;
    }

    private static String firstValue(Path file, String key) {
        return read(file).lines().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst().orElse("unknown");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** First line a command prints (java -version prints on stderr, so both streams are read). */
    private static String firstLine(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("unknown").strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
