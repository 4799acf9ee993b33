package org.rareegress.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table {@code bench} prints: a row per figure, with wall-clock and process CPU seconds, the
 * figure itself, its ratio to the baseline measured in the same run where it has one, and the target.
 * Printed as a Markdown table so a run can be pasted into BENCHMARKS.md as it is.
 */
final class BenchTable {
    static final List<String> HEADER = List.of("#", "figure", "wall s", "CPU s (thread)", "value", "ratio", "target", "met");

    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** One figure; {@code time} may be null (a row that is not a timed run), {@code ratio}/{@code target} empty. */
    void row(String id, String figure, Measured time, String value, String ratio, String target, Boolean met) {
        rows.add(List.of(id, figure,
                time == null ? "" : format("%.1f", time.wallSeconds()),
                time == null || time.cpuNanos() < 0 ? "" : format("%.1f (%.1f)", time.cpuSeconds(), time.threadCpuSeconds()),
                value, ratio, target, met == null ? "" : met ? "yes" : "NO"));
    }

    /** A row that did not run, with why. */
    void skipped(String id, String figure, String why) {
        rows.add(List.of(id, figure, "", "", "skipped: " + why, "", "", ""));
    }

    void note(String text) {
        notes.add(text);
    }

    List<List<String>> rows() {
        return List.copyOf(rows);
    }

    void print(PrintWriter out) {
        int[] widths = new int[HEADER.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        line(out, HEADER, widths);
        StringBuilder rule = new StringBuilder("|");
        for (int width : widths) {
            rule.append('-').append("-".repeat(width)).append("-|");
        }
        out.println(rule);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(note -> out.println("- " + note));
        }
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(' ').append(cell).append(" ".repeat(widths[i] - cell.length())).append(" |");
        }
        out.println(line);
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    /** {@code 123,456 events/s} style. */
    static String rate(long count, Measured time, String unit) {
        return format("%,.0f %s", count / time.wallSeconds(), unit);
    }
}
