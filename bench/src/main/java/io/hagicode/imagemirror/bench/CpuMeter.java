package io.hagicode.imagemirror.bench;

import io.hagicode.imagemirror.testkit.DistributionRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU time from /proc: of the registries a variant talks to, and of the whole machine. On a 2-core box with local
 * registries a sync is CPU-bound, so where the CPU goes (tool, registries, anything else running) explains the wall
 * times; the machine's share also shows how much other work skewed a run.
 */
final class CpuMeter {
    /** Linux reports /proc times in clock ticks of 1/100 s (USER_HZ) on every common architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final List<DistributionRegistry> registries;
    private final long[] pids;

    CpuMeter(List<DistributionRegistry> registries) {
        this.registries = registries;
        this.pids = registries.stream().mapToLong(r -> pidOf(r).orElse(-1)).toArray();
    }

    /** CPU seconds so far: the machine's busy time (all cores) and the registries' time. */
    record Sample(double machineBusy, double registries) {
        Sample minus(Sample earlier) {
            return new Sample(machineBusy - earlier.machineBusy, registries - earlier.registries);
        }
    }

    Sample sample() {
        double registryTicks = 0;
        for (long pid : pids) {
            registryTicks += processTicks(pid);
        }
        return new Sample(machineBusyTicks() / TICKS_PER_SECOND, registryTicks / TICKS_PER_SECOND);
    }

    int registryCount() {
        return registries.size();
    }

    /** The docker-registry process serving {@code registry}, found by its config file on the command line. */
    private static OptionalLong pidOf(DistributionRegistry registry) {
        String config = registry.logFile().resolveSibling("config.yml").toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> cmdline(p).contains(config))
                    .mapToLong(p -> Long.parseLong(p.getFileName().toString())).findFirst();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private static String cmdline(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** utime + stime of one process (fields 14 and 15 of /proc/PID/stat, after the parenthesised name). */
    private static long processTicks(long pid) {
        if (pid < 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** All CPUs' busy ticks: the first line of /proc/stat without idle and iowait. */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
