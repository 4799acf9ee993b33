package org.rareegress.backtest;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.FilterOutcome;
import org.rareegress.event.Timestamps;
import org.rareegress.topology.DetectorMetrics;

/** The summary a backtest prints on standard error. */
record BacktestResult(int files, DetectorMetrics metrics, int tableRows, long reportTime, long elapsedNanos,
                      List<String> warnings) {

    void print(PrintStream out) {
        double seconds = elapsedNanos / 1e9;
        long events = metrics.eventsRead();
        out.printf(Locale.ROOT, "backtest: %d file(s), %,d records, %,d events in %.2f s (%,.0f events/s)%n",
                files, metrics.recordsRead(), events, seconds, seconds > 0 ? events / seconds : 0.0);
        out.printf(Locale.ROOT, "  kept %,d   rejected %,d   late %,d   not network events %,d%s%s%n",
                metrics.kept(), metrics.rejected(), metrics.late(), metrics.skipped(),
                metrics.afterAsOf() > 0 ? String.format(Locale.ROOT, "   after --as-of %,d", metrics.afterAsOf()) : "",
                metrics.deadLettersSuppressed() > 0 ? String.format(Locale.ROOT,
                        "   rejected without a dead letter (input.max-dead-letters-per-record) %,d",
                        metrics.deadLettersSuppressed()) : "");
        StringJoiner dropped = new StringJoiner(", ");
        for (FilterOutcome outcome : FilterOutcome.values()) {
            if (outcome.kind() == FilterOutcome.Kind.DROPPED && metrics.dropped(outcome) > 0) {
                dropped.add(String.format(Locale.ROOT, "%s %,d", outcome.label(), metrics.dropped(outcome)));
            }
        }
        out.println("  dropped: " + (dropped.length() == 0 ? "none" : dropped));
        StringJoiner alerts = new StringJoiner(", ");
        for (AlertType type : AlertType.values()) {
            alerts.add(String.format(Locale.ROOT, "%s %,d", type, metrics.alerts(type)));
        }
        out.println("  alerts: " + alerts);
        if (metrics.processesEvicted() > 0 || metrics.newRareSuppressed() > 0) {
            out.printf(Locale.ROOT, "  bounds: %,d process(es) evicted (detector.max-tracked-processes), %,d NEW_RARE"
                    + " suppressed (alert.storm-threshold)%n", metrics.processesEvicted(), metrics.newRareSuppressed());
        }
        if (metrics.suppressed() > 0) {
            StringJoiner byRule = new StringJoiner(", ");
            metrics.suppressedByRule().forEach((rule, count) -> byRule.add(String.format(Locale.ROOT, "%s %,d", rule, count)));
            out.printf(Locale.ROOT, "  allowlist: %,d of these alerts silenced, not written (%s)%n", metrics.suppressed(), byRule);
        }
        out.println("  hunt table: " + tableRows + " rare process(es)"
                + (reportTime == Long.MIN_VALUE || reportTime == Long.MAX_VALUE ? "" : " at " + Timestamps.format(reportTime)));
        warnings.forEach(warning -> out.println("  warning: " + warning));
    }
}
