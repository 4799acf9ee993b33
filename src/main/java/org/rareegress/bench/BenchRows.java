package org.rareegress.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.rareegress.config.Settings;

/** Runs the rows of the table in order, each against the baseline measured before it in the same run. */
final class BenchRows {
    static final double BACKTEST_TO_PARSE_TARGET = 0.6;
    static final double BACKTEST_EVENTS_PER_SECOND_TARGET = 250_000;

    private final BenchData data;
    private final Settings settings;
    private final Path dir;
    private final PrintStream progress;
    private final BenchTable table = new BenchTable();

    BenchRows(BenchData data, Settings settings, Path dir, PrintStream progress) {
        this.data = data;
        this.settings = settings;
        this.dir = dir;
        this.progress = progress;
    }

    BenchTable run(Set<Integer> rows, int latencySeconds, int stateProcesses) throws Exception {
        ParseLimit.Result parse = null;
        if (rows.contains(1) || rows.contains(2)) {
            progress.println("1. parse limit...");
            parse = ParseLimit.run(data.file(), settings);
            table.row("1", "parse limit: file read and parsed to events", parse.time(),
                    BenchTable.rate(parse.events(), parse.time(), "events/s") + "; "
                            + BenchTable.format("%.0f MB/s", parse.bytes() / 1e6 / parse.time().wallSeconds()),
                    "", "", null);
        }
        BacktestBench.Result backtest = null;
        if (rows.contains(2) || rows.contains(3)) {
            progress.println("2. backtest...");
            backtest = BacktestBench.run(data.file(), settings);
            double ratio = parse == null ? Double.NaN
                    : parse.time().wallSeconds() / backtest.time().wallSeconds();
            double rate = backtest.events() / backtest.time().wallSeconds();
            table.row("2", "backtest: full topology over the file", backtest.time(),
                    BenchTable.rate(backtest.events(), backtest.time(), "events/s"),
                    BenchTable.format("%.2f x (1); CPU %.2f", ratio, cpuRatio(parse == null ? null : parse.time(), backtest.time())),
                    "≥ 0.6 x (1), ≥ 250,000 events/s",
                    ratio >= BACKTEST_TO_PARSE_TARGET && rate >= BACKTEST_EVENTS_PER_SECOND_TARGET);
            table.note(BenchTable.format("backtest: %,d events, %,d kept (%.1f %%), %,d alerts, %d rare processes in the table",
                    backtest.events(), backtest.kept(), 100.0 * backtest.kept() / Math.max(1, backtest.events()),
                    backtest.alerts(), backtest.table().size()));
        }
        return table;
    }

    /** Ratio of the baseline's CPU time to the measured step's (higher is better, as the wall ratio). */
    static double cpuRatio(Measured baseline, Measured measured) {
        return baseline == null ? Double.NaN : (double) baseline.cpuNanos() / measured.cpuNanos();
    }
}
