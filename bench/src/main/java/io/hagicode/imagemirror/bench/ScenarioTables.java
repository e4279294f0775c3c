package io.hagicode.imagemirror.bench;

import static io.hagicode.imagemirror.bench.Report.f;

/** The per-scenario markdown tables of a {@link Report}. */
final class ScenarioTables {
    private final StringBuilder md;
    private final BenchSettings settings;

    ScenarioTables(StringBuilder md, BenchSettings settings) {
        this.md = md;
        this.settings = settings;
    }

    ScenarioTables cold(ColdSyncScenario.Result cold) {
        md.append("### Cold sync: one source, two empty targets\n\n");
        if (cold == null) {
            md.append("Not run (BENCH_SKIP).\n\n");
            return this;
        }
        ColdFixture.Pushed fx = cold.fixture();
        md.append(f("Fixture: %d tags, each an OCI index over %s; %d distinct blobs holding **%s** of unique, "
                        + "incompressible bytes (%s if shared layers are counted once per tag and platform); "
                        + "generated and pushed in %.1f s. Each variant starts on two fresh, empty target registries "
                        + "and ends with every tag checked on both targets by manifest digest. imagemirror runs with "
                        + "`concurrency: %d`.%n%n",
                fx.tagDigests().size(), String.join(" + ", ColdFixture.PLATFORMS), fx.uniqueBlobs(),
                Progress.mib(fx.uniqueBlobBytes()), Progress.mib(fx.referencedBytes()), cold.fixtureSeconds(),
                settings.concurrency()));
        md.append("| variant | wall (s) | imagemirror ÷ variant | blob bytes read at source | ÷ unique bytes "
                + "| blob GETs at source | manifest GETs at source | peak RSS (MiB) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        coldRow(cold, cold.imagemirror(), "");
        coldRow(cold, cold.skopeoSequential(), " (larger process)");
        coldRow(cold, cold.skopeoParallel(), " (sum of both)");
        md.append(f("%nimagemirror's own count of source bytes read (`totals.sourceBytesRead`): %s; "
                        + "the source's access log: %s. %s%n%n",
                cold.imagemirrorOwnBytes() < 0 ? "not reported" : Progress.mib(cold.imagemirrorOwnBytes()),
                Progress.mib(cold.imagemirror().source().blobGetBytes()), startup(cold.imagemirror())));
        cpu(cold.imagemirror(), cold.skopeoSequential(), cold.skopeoParallel());
        return this;
    }

    private void coldRow(ColdSyncScenario.Result cold, VariantResult v, String rssNote) {
        RegistryTraffic.Counts s = v.source();
        md.append(f("| %s | %.1f | %.2f× | %s | %.3f× | %d | %d | %.0f%s |%n", v.name(), v.wallSeconds(),
                Report.ratio(cold.imagemirror(), v), Progress.mib(s.blobGetBytes()),
                (double) s.blobGetBytes() / cold.fixture().uniqueBlobBytes(), s.blobGets(), s.manifestGets(),
                v.peakRssMib(), rssNote));
    }

    /** Where the CPU went during each variant: on a 2-core machine with local registries, the wall times follow it. */
    private void cpu(VariantResult... variants) {
        int cores = Runtime.getRuntime().availableProcessors();
        md.append(f("CPU seconds while each variant ran (from /proc; the machine has %d cores):%n%n", cores));
        md.append("| variant | wall (s) | the tool | the 3 registries | other processes | machine busy |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (VariantResult v : variants) {
            VariantResult.CpuUse c = v.cpu();
            md.append(f("| %s | %.1f | %.1f | %.1f | %.1f | %.0f%% |%n", v.name(), v.wallSeconds(), c.tool(),
                    c.registries(), c.other(), 100 * c.machine() / (cores * v.wallSeconds())));
        }
        md.append('\n');
    }

    /** How much of imagemirror's wall time the sync itself took, by its own report. */
    private static String startup(VariantResult imagemirror) {
        if (imagemirror.syncSeconds() < 0) {
            return "";
        }
        return f("Of imagemirror's %.1f s, the sync itself took %.1f s (its `durationSeconds`); the other %.1f s are "
                        + "the JVM's start, reading the spec, and exit.", imagemirror.wallSeconds(),
                imagemirror.syncSeconds(), imagemirror.wallSeconds() - imagemirror.syncSeconds());
    }

    ScenarioTables noop(NoopScenario.Result noop) {
        md.append("### No-op re-sync: every tag already on both targets\n\n");
        if (noop == null) {
            md.append("Not run (BENCH_SKIP).\n\n");
            return this;
        }
        md.append(f("Fixture: %,d tags over %d distinct single-platform manifests; both targets filled first by "
                + "`imagemirror sync` (%.1f s for the cold sync of all %,d tags, not compared). Requests counted "
                + "from the source registry's access log.%n%n", noop.tags(), noop.distinctManifests(),
                noop.fillSeconds(), noop.tags()));
        md.append("| variant | wall (s) | skopeo ÷ imagemirror | manifest GETs at source | manifest HEADs at source "
                + "| tag-list GETs | all requests at source | peak RSS (MiB) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (VariantResult v : new VariantResult[] {noop.imagemirror(), noop.skopeo()}) {
            RegistryTraffic.Counts s = v.source();
            md.append(f("| %s | %.2f | %.1f× | %,d | %,d | %d | %,d | %.0f |%n", v.name(), v.wallSeconds(),
                    noop.skopeo().wallSeconds() / v.wallSeconds(), s.manifestGets(), s.manifestHeads(),
                    s.tagListGets(), s.requests(), v.peakRssMib()));
        }
        md.append(f("%n%s%n%n", startup(noop.imagemirror())));
        cpu(noop.imagemirror(), noop.skopeo());
        return this;
    }

    ScenarioTables memory(MemoryScenario.Result memory) {
        md.append(f("### Memory: one layer, `java %s -jar imagemirror.jar sync`, source to both targets%n%n",
                MemoryScenario.HEAP));
        if (memory == null) {
            md.append("Not run (BENCH_SKIP).\n\n");
            return this;
        }
        md.append("| layer | wall (s) | MiB/s per target | blob bytes read at source | ÷ layer size | peak RSS (MiB) "
                + "| CPU (s) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (MemoryScenario.LayerRun r : memory.runs()) {
            md.append(f("| %s | %.1f | %.0f | %s | %.2f× | %.0f | %.1f |%n", Progress.mib(r.layerBytes()),
                    r.wallSeconds(), r.layerBytes() / 1048576.0 / r.wallSeconds(),
                    Progress.mib(r.source().blobGetBytes()), (double) r.source().blobGetBytes() / r.layerBytes(),
                    r.peakRssMib(), r.cpuSeconds()));
        }
        md.append(f("%nPeak RSS changes by %+.0f MiB from the %s layer to the %s layer (pushing the big layer "
                        + "into the source took %.1f s, not counted).%n%n",
                memory.big().peakRssMib() - memory.small().peakRssMib(), Progress.mib(memory.small().layerBytes()),
                Progress.mib(memory.big().layerBytes()), memory.big().pushSeconds()));
        return this;
    }
}
