package org.rareegress.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.rareegress.config.Settings;
import org.rareegress.detect.HuntRow;
import org.rareegress.event.Timestamps;

/**
 * Rows 1-3, the file rows: the parse limit, the backtest and DuckDB's hunt table over the same file, run as
 * one pass, and the pass repeated in the same JVM.
 *
 * <p>The first pass is what a command started for one small file meets: a cold JVM, whose JIT compiles the hot
 * code while it runs (on two cores, for a file of a million events, more CPU than the backtest's own work). A
 * backtest worth running is of a month of a fleet, billions of events and tens of minutes, all but its first
 * seconds on compiled code: the last pass, after the others have warmed the JIT up, is what most of such a run is
 * like. Both are printed, the first as rows 1-3 and the last as 1w-3w; issue 14's targets are judged on the last
 * pass (on the only one with {@code --file-passes 1}). The JIT and the file's pages are the only things the passes
 * share: each pass builds its readers, detector and DuckDB connection anew.
 */
final class FileRows {
    /** Issue 14: the whole backtest as fast as reading and parsing the file alone (one thread), by using both cores. */
    static final double BACKTEST_TO_PARSE_TARGET = 1.0;
    /** Issue 14: the backtest at least as fast as DuckDB's SQL over the same file, with the same table. */
    static final double BACKTEST_TO_DUCKDB_TARGET = 1.0;

    private final Path file;
    private final Settings settings;
    private final BenchTable table;
    private final PrintWriter progress;
    private Boolean tablesEqual;

    /** One pass: whichever steps the rows asked for (null where not run). */
    private record Pass(ParseLimit.Result parse, BacktestBench.Result backtest, DuckDbHunt.Result duck) {
    }

    FileRows(Path file, Settings settings, BenchTable table, PrintWriter progress) {
        this.file = file;
        this.settings = settings;
        this.table = table;
        this.progress = progress;
    }

    /** Runs {@code passes} passes of the steps {@code rows} asks for (2 needs 1 as its baseline, 3 needs 2). */
    void run(Set<Integer> rows, int passes) throws Exception {
        boolean parse = rows.contains(1) || rows.contains(2);
        boolean backtest = rows.contains(2) || rows.contains(3);
        boolean duck = rows.contains(3) && DuckDbHunt.available();
        List<Pass> done = new ArrayList<>();
        for (int pass = 1; pass <= passes; pass++) {
            progress.println(BenchTable.format("1-3. file rows, pass %d of %d...", pass, passes));
            Pass measured = new Pass(parse ? ParseLimit.run(file, settings) : null,
                    backtest ? BacktestBench.run(file, settings) : null, duck ? DuckDbHunt.run(file, settings) : null);
            done.add(measured);
            if (measured.duck() != null) {
                checkTables(measured);
            }
        }
        Pass first = done.get(0);
        Pass last = done.get(done.size() - 1);
        boolean warm = passes > 1;
        print(first, "", !warm);
        if (warm) {
            print(last, "w", true);
        }
        if (rows.contains(3) && !duck) {
            table.skipped("3", "hunt table: backtest vs DuckDB SQL over the same file", "build with -Pbench");
        }
        notes(done, rows.contains(3) && duck);
    }

    /** Whether row 3 ran and found the backtest's table and DuckDB's equal in every pass; null when it did not run. */
    Boolean tablesEqual() {
        return tablesEqual;
    }

    private void checkTables(Pass pass) {
        String difference = TableDiff.firstDifference(pass.backtest().table(), pass.duck().table(), "DuckDB");
        if (difference != null && !Boolean.FALSE.equals(tablesEqual)) {
            table.note("hunt tables DIFFER, first difference: " + difference);
        }
        tablesEqual = difference == null && !Boolean.FALSE.equals(tablesEqual);
    }

    /** The rows of one pass; {@code suffix} names the warm ones; {@code judged}: the pass the targets are judged on. */
    private void print(Pass pass, String suffix, boolean judged) {
        String when = suffix.isEmpty() ? "" : ", JIT warm (the last pass)";
        if (pass.parse() != null) {
            table.row("1" + suffix, "parse limit: file read and parsed to events" + when, pass.parse().time(),
                    BenchTable.rate(pass.parse().events(), pass.parse().time(), "events/s") + "; "
                            + BenchTable.format("%.0f MB/s", pass.parse().bytes() / 1e6 / pass.parse().time().wallSeconds()),
                    "", "", null);
        }
        if (pass.backtest() != null) {
            double ratio = pass.parse() == null ? Double.NaN
                    : pass.parse().time().wallSeconds() / pass.backtest().time().wallSeconds();
            table.row("2" + suffix, "backtest: full topology over the file" + when, pass.backtest().time(),
                    BenchTable.rate(pass.backtest().events(), pass.backtest().time(), "events/s"),
                    BenchTable.format("%.2f x (1%s); CPU %.2f", ratio, suffix,
                            BenchRows.cpuRatio(pass.parse() == null ? null : pass.parse().time(), pass.backtest().time())),
                    judged ? BenchTable.format("≥ 1.0 x (1%s)", suffix) : "", judged ? ratio >= BACKTEST_TO_PARSE_TARGET : null);
        }
        if (pass.duck() != null) {
            double ratio = pass.duck().time().wallSeconds() / pass.backtest().time().wallSeconds();
            table.row("3" + suffix, BenchTable.format("hunt table: DuckDB SQL over the same file (vs (2%s))%s", suffix, when),
                    pass.duck().time(), BenchTable.format("%d rows; tables %s", pass.duck().table().size(),
                            Boolean.TRUE.equals(tablesEqual) ? "equal (every column)" : "DIFFER (first difference below)"),
                    BenchTable.format("(2%s) at %.2f x DuckDB's speed; CPU %.2f", suffix, ratio,
                            BenchRows.cpuRatio(pass.duck().time(), pass.backtest().time())),
                    judged ? "≥ 1.0 x DuckDB, tables equal" : "",
                    judged ? ratio >= BACKTEST_TO_DUCKDB_TARGET && Boolean.TRUE.equals(tablesEqual) : null);
        }
    }

    private void notes(List<Pass> passes, boolean duck) {
        Pass first = passes.get(0);
        Pass last = passes.get(passes.size() - 1);
        if (passes.size() > 1) {
            table.note(BenchTable.format("file rows: %d passes over the file in this JVM, each with readers, detector and "
                            + "DuckDB connection of its own; (1)-(3) are the first (JIT cold), (1w)-(3w) the last; wall "
                            + "seconds a pass: %s", passes.size(), Stream.of(
                            steps(passes, "parse", p -> p.parse() == null ? null : p.parse().time()),
                            steps(passes, "backtest", p -> p.backtest() == null ? null : p.backtest().time()),
                            steps(passes, "DuckDB", p -> p.duck() == null ? null : p.duck().time()))
                    .filter(part -> !part.isEmpty()).collect(Collectors.joining("; "))));
        }
        BacktestBench.Result backtest = first.backtest();
        if (backtest != null) {
            table.note(BenchTable.format("backtest: %,d events, %,d kept (%.1f %%), %,d alerts, %d rare processes in the table",
                    backtest.events(), backtest.kept(), 100.0 * backtest.kept() / Math.max(1, backtest.events()),
                    backtest.alerts(), backtest.table().size()));
            table.note(BenchTable.format("JIT compile time (all compiler threads): %.1f s during (1), %.1f s during (2)%s; "
                            + "(2) runs after (1) in the same JVM, so the reader is already compiled",
                    first.parse() == null ? Double.NaN : first.parse().time().jitMillis() / 1e3,
                    backtest.time().jitMillis() / 1e3, passes.size() > 1
                            ? BenchTable.format(", %.1f s during (2w)", last.backtest().time().jitMillis() / 1e3) : ""));
            if (backtest.evicted() > 0 && duck) {
                // An input of more distinct processes than the bound (--input of a large file): the backtest forgot some.
                table.note(BenchTable.format("the backtest evicted %,d processes past detector.max-tracked-processes, which "
                        + "DuckDB's SQL has no bound for: raise it (--set) to compare the tables", backtest.evicted()));
            }
        }
        if (duck) {
            long truncated = first.duck().table().stream().filter(HuntRow::evidenceTruncated).count();
            table.note(BenchTable.format("hunt table at %s (the newest event time of the file): %d rows, %d with "
                            + "EvidenceTruncated; compared as the backtest's --report JSON, every column but the GeoIP ones, "
                            + "in every pass", Timestamps.format(first.duck().asOf()), first.duck().table().size(), truncated));
        }
    }

    private static String steps(List<Pass> passes, String name, Function<Pass, Measured> time) {
        if (time.apply(passes.get(0)) == null) {
            return "";
        }
        return name + " " + passes.stream().map(p -> BenchTable.format("%.2f", time.apply(p).wallSeconds()))
                .collect(Collectors.joining(", "));
    }
}
