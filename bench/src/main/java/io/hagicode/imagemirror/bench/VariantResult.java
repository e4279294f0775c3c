package io.hagicode.imagemirror.bench;

import java.util.Comparator;
import java.util.List;

/**
 * One way of doing a sync, as measured.
 *
 * @param name        what ran, for the tables
 * @param wallSeconds from the first process's start to the last one's end
 * @param peakRssMib  peak RSS; for processes running side by side the sum of their peaks
 * @param cpu         CPU seconds of the tool, the registries and the whole machine meanwhile
 * @param source      what the source registry served meanwhile
 * @param syncSeconds the time the tool itself reports for the sync, without process start and exit; -1 if none
 */
record VariantResult(String name, double wallSeconds, double peakRssMib, CpuUse cpu, RegistryTraffic.Counts source,
                     double syncSeconds) {

    /**
     * @param tool       user + system time of the tool's processes
     * @param registries of the source and target registries
     * @param machine    busy time of all cores, whoever used it
     */
    record CpuUse(double tool, double registries, double machine) {
        /** CPU used by neither the tool nor the registries: other work on the machine that skewed the run. */
        double other() {
            return Math.max(0, machine - tool - registries);
        }
    }

    /** One process. */
    static VariantResult of(String name, MeasuredProcess.Run run, CpuMeter.Sample used,
                            RegistryTraffic.Counts source) {
        return new VariantResult(name, run.wallSeconds(), run.peakRssMib(), cpu(run.cpuSeconds(), used), source, -1);
    }

    /** Two processes one after the other: times add up, memory is the larger peak. */
    static VariantResult sequential(String name, MeasuredProcess.Run first, MeasuredProcess.Run second,
                                    CpuMeter.Sample used, RegistryTraffic.Counts source) {
        return new VariantResult(name, first.wallSeconds() + second.wallSeconds(),
                Math.max(first.peakRssMib(), second.peakRssMib()),
                cpu(first.cpuSeconds() + second.cpuSeconds(), used), source, -1);
    }

    /** Two processes side by side over {@code wallSeconds}: their memory adds up. */
    static VariantResult parallel(String name, double wallSeconds, MeasuredProcess.Run first,
                                  MeasuredProcess.Run second, CpuMeter.Sample used, RegistryTraffic.Counts source) {
        return new VariantResult(name, wallSeconds, first.peakRssMib() + second.peakRssMib(),
                cpu(first.cpuSeconds() + second.cpuSeconds(), used), source, -1);
    }

    private static CpuUse cpu(double tool, CpuMeter.Sample used) {
        return new CpuUse(tool, used.registries(), used.machineBusy());
    }

    VariantResult withSyncSeconds(double seconds) {
        return new VariantResult(name, wallSeconds, peakRssMib, cpu, source, seconds);
    }

    /** The run with the median wall time (the later of the two middle ones for an even count). */
    static VariantResult median(List<VariantResult> runs) {
        List<VariantResult> sorted = runs.stream().sorted(Comparator.comparingDouble(VariantResult::wallSeconds))
                .toList();
        return sorted.get(sorted.size() / 2);
    }
}
