package org.rareegress.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
            "and state size on data it generates itself; prints one table (BENCHMARKS.md explains each figure).",
            "Exit status 3 when row 3 ran and DuckDB's hunt table differs from the backtest's."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:the figures were measured", "1:a row failed", "2:configuration error",
            "3:row 3's hunt tables differ (the first difference is in the notes)"})
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

    @Option(names = "--file-passes", defaultValue = "6",
            description = {"Passes of rows 1-3 over the file in this JVM (default ${DEFAULT-VALUE}): the first is printed",
                "as rows 1-3 (JIT cold), the last as 1w-3w (JIT warm, what most of a long backtest runs at);",
                "the targets are judged on the last."})
    int filePasses;

    @Option(names = "--live-passes", defaultValue = "5",
            description = {"Applications of run over the live input in this JVM (default ${DEFAULT-VALUE}): the first is",
                "row 4b (JIT cold), the second 4c; from three on, the last is printed as 4aw-4w (JIT warm, start-up",
                "apart, against the plain consumer read again). 4b is the one judged."})
    int livePasses;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "Length of the latency run (default ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--state-processes", defaultValue = "100000",
            description = "Distinct processes of the state row (default ${DEFAULT-VALUE}).")
    int stateProcesses;

    @Option(names = "--work-dir", description = "Where the data file, broker and state go (default: a temporary directory, deleted).")
    Path workDir;

    @Option(names = "--input", paramLabel = "FILE",
            description = "Measure rows 1-3 on this file of flat JSON rows (e.g. an MDE export) instead of a generated fleet.")
    Path input;

    @Option(names = "--markdown", paramLabel = "FILE",
            description = {"Also write the figures (run, build, machine, table, notes) as Markdown into FILE: between its",
                "'" + BenchMarkdown.BEGIN + "' and '" + BenchMarkdown.END + "' lines (BENCHMARKS.md has them), "
                        + "or as a new FILE."})
    Path markdown;

    /** Exit status when row 3's tables differ. */
    static final int TABLES_DIFFER = 3;

    @Override
    public Integer call() throws Exception {
        Columns columnSet;
        try {
            columnSet = Columns.parse(columns);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--columns: " + e.getMessage());
        }
        if (filePasses < 1) {
            throw new ParameterException(spec.commandLine(), "--file-passes: at least 1, not " + filePasses);
        }
        if (livePasses < 2) {
            throw new ParameterException(spec.commandLine(), "--live-passes: at least 2 (rows 4b and 4c), not " + livePasses);
        }
        if (input != null && !java.util.Set.of(1, 2, 3).containsAll(rows)) {
            throw new ParameterException(spec.commandLine(), "--input: only rows 1, 2 and 3 read a file; add --rows=1,2,3");
        }
        if (markdown != null) {
            // Before the run, not after minutes of it: a file that is not ours to overwrite.
            String problem = BenchMarkdown.problem(markdown);
            if (problem != null) {
                throw new ParameterException(spec.commandLine(), "--markdown: " + problem);
            }
        }
        config.load();
        Instant started = Instant.now();
        String loadAtStart = Machine.describe();
        boolean ownDir = workDir == null;
        Path dir = ownDir ? Files.createTempDirectory("rare-egress-bench") : Files.createDirectories(workDir);
        PrintWriter out = spec.commandLine().getOut();
        BenchRows benchRows;
        BenchTable table;
        String header;
        try {
            BenchData data;
            if (input == null) {
                data = BenchData.generate(dir.resolve("bench.jsonl"), devices, days, perDay, seed, columnSet);
                header = BenchTable.format("rare-egress bench: %,d events, %.0f MB (%s columns, %.0f bytes an event), "
                                + "generated in %.1f s; %s", data.events(), data.bytes() / 1e6,
                        columnSet.name().toLowerCase(Locale.ROOT), data.bytesPerEvent(), data.generation().wallSeconds(),
                        loadAtStart);
            } else {
                data = BenchData.existing(input);
                header = BenchTable.format("rare-egress bench: %s, %,d lines, %.0f MB (%.0f bytes a line); %s",
                        input.getFileName(), data.events(), data.bytes() / 1e6, data.bytesPerEvent(), loadAtStart);
            }
            out.println(header);
            // The generated fleet is Defender rows: read them as such, as a user who backtests Defender exports
            // would (input.format=auto parses a file on one thread, as it may meet Sysmon events that need order).
            // Below the config file, the environment and --set; a file given with --input keeps auto.
            List<String> defaults = input == null ? List.of("input.format=mde") : List.of();
            benchRows = new BenchRows(data, imposed -> config.load(defaults, imposed), dir, out);
            table = benchRows.run(rows, filePasses, livePasses, latencySeconds, stateProcesses);
            out.println();
            table.print(out);
            out.flush();
        } finally {
            if (ownDir) {
                Machine.deleteQuietly(dir);
            }
        }
        if (markdown != null) {
            // The whole command line as given (through Main, it starts with the subcommand's name).
            List<String> args = spec.commandLine().getParseResult().originalArgs();
            if (!args.isEmpty() && args.get(0).equals(spec.name())) {
                args = args.subList(1, args.size());
            }
            BenchMarkdown.write(markdown, BenchMarkdown.section(args, started, Duration.between(started, Instant.now()),
                    BuildInfo.describe(markdown), header, Machine.describeHost(), table));
            out.println();
            out.println("bench: wrote the figures into " + markdown);
            out.flush();
        }
        return Boolean.FALSE.equals(benchRows.tablesEqual()) ? TABLES_DIFFER : 0;
    }
}
