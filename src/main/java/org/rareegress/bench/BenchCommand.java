package org.rareegress.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rareegress.config.ConfigOptions;
import org.rareegress.simulate.Columns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench}: generates a fleet with the simulator and prints one table of the detector's speed figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures parse limit, backtest, the DuckDB batch peer, live run vs a plain consumer, latency",
            "and state size on data it generates itself; prints one table (BENCHMARKS.md explains each figure)."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--devices", defaultValue = "200", description = "Fleet size (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--days", defaultValue = "35", description = "Days of history (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--events-per-device-per-day", defaultValue = "150",
            description = "Background events per device per day (default ${DEFAULT-VALUE}: about 1.07 M events).")
    int perDay;

    @Option(names = "--seed", defaultValue = "1", description = "Simulator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--columns", defaultValue = "hunt",
            description = "Row columns: hunt (~700 bytes, default) or full (~1.9 KB), as simulate --columns.")
    String columns;

    @Option(names = "--rows", defaultValue = "1,2,3,4,5,6", split = ",",
            description = "Which rows to run (default all: ${DEFAULT-VALUE}); 2 and 3 need 1's file, 5 needs 4's rate.")
    java.util.Set<Integer> rows;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "Length of the latency run (default ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--state-processes", defaultValue = "100000",
            description = "Distinct processes of the state row (default ${DEFAULT-VALUE}).")
    int stateProcesses;

    @Option(names = "--work-dir", description = "Where the data file, broker and state go (default: a temporary directory, deleted).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        Columns columnSet;
        try {
            columnSet = Columns.parse(columns);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--columns: " + e.getMessage());
        }
        config.load();
        boolean ownDir = workDir == null;
        Path dir = ownDir ? Files.createTempDirectory("rare-egress-bench") : Files.createDirectories(workDir);
        PrintWriter out = spec.commandLine().getOut();
        try {
            BenchData data = BenchData.generate(dir.resolve("bench.jsonl"), devices, days, perDay, seed, columnSet);
            out.println(BenchTable.format("rare-egress bench: %,d events, %.0f MB (%s columns, %.0f bytes an event), "
                            + "generated in %.1f s; %s", data.events(), data.bytes() / 1e6, columnSet.name().toLowerCase(Locale.ROOT),
                    data.bytesPerEvent(), data.generation().wallSeconds(), Machine.describe()));
            BenchTable table = new BenchRows(data, imposed -> config.load(List.of(), imposed), dir, out)
                    .run(rows, latencySeconds, stateProcesses);
            out.println();
            table.print(out);
            out.flush();
        } finally {
            if (ownDir) {
                Machine.deleteQuietly(dir);
            }
        }
        return 0;
    }
}
