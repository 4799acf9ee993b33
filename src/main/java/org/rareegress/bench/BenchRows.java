package org.rareegress.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.rareegress.config.Settings;

/** Runs the rows of the table in order, each against the baseline measured before it in the same run. */
final class BenchRows {
    private final BenchData data;
    private final Settings settings;
    /** The settings with more keys imposed (the live rows point the clients at the local broker). */
    private final Function<List<String>, Settings> settingsWith;
    private final Path dir;
    private final PrintWriter progress;
    private final BenchTable table = new BenchTable();
    private FileRows fileRows;

    BenchRows(BenchData data, Function<List<String>, Settings> settingsWith, Path dir, PrintWriter progress) {
        this.data = data;
        this.settingsWith = settingsWith;
        this.settings = settingsWith.apply(List.of());
        this.dir = dir;
        this.progress = progress;
    }

    /**
     * @param filePasses passes of rows 1-3 over the file in this JVM ({@link FileRows})
     * @param livePasses applications of {@code run} in this JVM: rows 4b, 4c, then {@link LiveBench#warmPasses}
     */
    BenchTable run(Set<Integer> rows, int filePasses, int livePasses, int latencySeconds, int stateProcesses)
            throws Exception {
        if (rows.contains(1) || rows.contains(2) || rows.contains(3)) {
            fileRows = new FileRows(data.file(), settings, table, progress);
            fileRows.run(rows, filePasses);
        }
        LiveBench.Result live = null;
        if (rows.contains(4) || rows.contains(5) || rows.contains(6)) {
            progress.println("4. live: local broker, plain consumer, then run...");
            live = LiveBench.run(data, settingsWith, dir, progress);
            double ratio = live.runRate() / live.consumerRate();
            table.row("4a", "live: plain consumer reads the input topic", live.consumer(),
                    BenchTable.rate(data.events(), live.consumer(), "records/s"), "", "", null);
            table.row("4b", "live: `run` (exactly-once) processes the topic to the end", live.run(),
                    BenchTable.rate(data.events(), live.run(), "records/s"),
                    BenchTable.format("%.2f x (4a); CPU %.2f", ratio, cpuRatio(live.consumer(), live.run())),
                    "≥ 0.5 x (4a)", ratio >= 0.5);
            table.row("4c", "live: the same, a second application, JIT warm", live.warmRun(),
                    BenchTable.rate(data.events(), live.warmRun(), "records/s"),
                    BenchTable.format("%.2f x (4a); CPU %.2f", live.events() / live.warmRun().wallSeconds() / live.consumerRate(),
                            cpuRatio(live.consumer(), live.warmRun())), "", null);
            table.note(BenchTable.format("live: %d input partitions, local KRaft broker in the same JVM (its CPU is in "
                    + "the CPU column); (4b) counts from the start of `run` (state restore and first rebalance included) "
                    + "until its committed offsets cover the input and the repartition topic; detector.warmup=PT0S for rows 4-6 "
                    + "(see row 5), alert.storm-threshold=0 (rows 5 and 6 flood the detector with new processes on "
                    + "purpose); (4c) with detector.max-out-of-orderness=PT0S, kept for row 5a; JIT compile time %.1f s "
                    + "during (4a), %.1f s during (4b), %.1f s during (4c)",
                    live.partitions(), live.consumer().jitMillis() / 1e3, live.run().jitMillis() / 1e3,
                    live.warmRun().jitMillis() / 1e3));
            if (livePasses > 2) {
                warmLiveRows(live, livePasses - 2);
            }
        }
        try {
            liveRows(rows, live, latencySeconds, stateProcesses);
        } finally {
            if (live != null) {
                live.close();
            }
        }
        return table;
    }

    /** Rows 4aw and 4w: the last of the warm passes, and every pass's seconds in a note. */
    private void warmLiveRows(LiveBench.Result live, int passes) throws Exception {
        List<LiveBench.WarmPass> warm = LiveBench.warmPasses(live, settingsWith, dir, passes, progress);
        LiveBench.WarmPass last = warm.get(warm.size() - 1);
        table.row("4aw", "live: plain consumer reads the input topic, JIT warm (the last pass)", last.consumer(),
                BenchTable.rate(data.events(), last.consumer(), "records/s"), "", "", null);
        table.row("4w", "live: `run` from RUNNING to the end, JIT warm (the last pass; start-up apart)",
                last.processing(), BenchTable.rate(data.events(), last.processing(), "records/s"),
                BenchTable.format("%.2f x (4aw); CPU %.2f", last.consumer().wallSeconds() / last.processing().wallSeconds(),
                        cpuRatio(last.consumer(), last.processing())), "", null);
        table.note(BenchTable.format("live passes after (4c), each a plain consumer then `run` as a new application "
                        + "with row 4b's settings: plain consumer %s s; `run` start to RUNNING %s s (its internal "
                        + "topics created, the group joined, every task's stores opened: paid once a deployment); "
                        + "RUNNING to the end %s s; "
                        + "JIT compile time during the last processing %.1f s", seconds(warm, LiveBench.WarmPass::consumer),
                seconds(warm, LiveBench.WarmPass::startUp),
                seconds(warm, LiveBench.WarmPass::processing), last.processing().jitMillis() / 1e3));
    }

    private static String seconds(List<LiveBench.WarmPass> passes, Function<LiveBench.WarmPass, Measured> step) {
        return passes.stream().map(pass -> BenchTable.format("%.2f", step.apply(pass).wallSeconds()))
                .collect(Collectors.joining(", "));
    }

    /** Rows 5 and 6, on the detector row 4 left running. */
    private void liveRows(Set<Integer> rows, LiveBench.Result live, int latencySeconds, int stateProcesses)
            throws Exception {
        if (rows.contains(5) && live != null) {
            progress.println("5a. latency, detector.max-out-of-orderness=PT0S (the second application)...");
            live.detector().streams().pause();
            LatencyBench.Result fast = LatencyBench.run(data, live.warmSettings(), "a", 0.5 * live.runRate(),
                    latencySeconds);
            table.row("5a", BenchTable.format("latency: produce -> alert consumed at %,.0f events/s, "
                            + "max-out-of-orderness PT0S", fast.rate()),
                    fast.time(), BenchTable.format("p50 %d ms, p99 %d ms, max %d ms (%d alerts)", fast.p50Millis(),
                            fast.p99Millis(), fast.maxMillis(), fast.count()),
                    "", "p99 ≤ 1000 ms at 0.5 x (4b)", fast.count() > 0 && fast.p99Millis() <= 1000);
            live.warmDetector().close();
            live.detector().streams().resume();
            progress.println("5b. latency, detector.max-out-of-orderness=" + settings.detector().maxOutOfOrderness()
                    + " (the first application, caught up again)...");
            LiveBench.awaitProcessed(live.settings(), live.detector());
            LatencyBench.Result configured = LatencyBench.run(data, live.settings(), "b", 0.5 * live.runRate(),
                    latencySeconds);
            table.row("5b", BenchTable.format("latency: the same, max-out-of-orderness %s",
                            settings.detector().maxOutOfOrderness()),
                    configured.time(), BenchTable.format("p50 %d ms, p99 %d ms, max %d ms (%d alerts)",
                            configured.p50Millis(), configured.p99Millis(), configured.maxMillis(), configured.count()),
                    "", "", null);
            table.note("latency: " + fast.settingsShown() + "; an alert waits until every partition has read "
                    + "detector.max-out-of-orderness past its event, so (5b) is at least that; one detector runs at a time");
        }
        if (rows.contains(6) && live != null) {
            progress.println("6. state...");
            StateBench.Result state = StateBench.run(live, stateProcesses);
            table.row("6", BenchTable.format("state: %,d distinct processes, threshold %d", state.processes(),
                            settings.detector().threshold()), state.time(),
                    BenchTable.format("%.0f / %d / %d bytes a process (mean/p99/max); without evidence %.0f / %d / %d; "
                                    + "RocksDB %.1f MB; heap after GC %.0f MB", state.mean(), state.p99(), state.max(),
                            state.coreMean(), state.coreP99(), state.coreMax(), state.rocksDbBytes() / 1e6,
                            state.heapBytes() / 1e6),
                    "", "≤ 200 bytes a process without evidence", state.coreP99() <= 200);
            progress.println("6b. state with every refined dimension (a detector of its own)...");
            DimensionStateBench.Result dimensions = DimensionStateBench.run(live, settingsWith, dir, stateProcesses);
            table.row("6b", BenchTable.format("state, detector.dimensions=%s: %,d processes, max-values-per-process %d",
                            dimensions.dimensions(), dimensions.processes(), dimensions.maxValues()), dimensions.time(),
                    BenchTable.format("%.0f / %d / %d bytes a process with its dimensions' records (mean/p99/max; "
                                    + "the prevalent tenth, past the cap: max %d); its own record alone (the seed's) "
                                    + "%.0f / %d / %d", dimensions.allMean(), dimensions.allP99(), dimensions.allMax(),
                            dimensions.prevalentAllMax(), dimensions.ownMean(), dimensions.ownP99(), dimensions.ownMax()),
                    BenchTable.format("%.2f x the seed's record (means)", dimensions.allMean() / dimensions.ownMean()),
                    "", null);
            table.note("state (6b): row 6's processes through a second application over an input topic of its own, "
                    + "the prevalent tenth also on max-values-per-process + 4 more ports (process-port cut to the cap); "
                    + (dimensions.dimensions().contains("process-asn") ? "process-asn with geoip.asn-database"
                    : "process-asn left out: it needs geoip.asn-database, which bench does not have unless --set gives it"));
        }
    }

    /** Whether row 3 ran and found the backtest's table and DuckDB's equal; null when it did not run. */
    Boolean tablesEqual() {
        return fileRows == null ? null : fileRows.tablesEqual();
    }

    /** Ratio of the baseline's CPU time to the measured step's (higher is better, as the wall ratio). */
    static double cpuRatio(Measured baseline, Measured measured) {
        return baseline == null ? Double.NaN : (double) baseline.cpuNanos() / measured.cpuNanos();
    }
}
