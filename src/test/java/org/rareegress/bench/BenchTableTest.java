package org.rareegress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTableTest {

    @Test
    void printsOneMarkdownTableWithAlignedColumnsAndNotesBelow() {
        BenchTable table = new BenchTable();
        table.row("1", "parse limit", new Measured(2_000_000_000L, 3_000_000_000L, 1_500_000_000L), "500 events/s", "", "", null);
        table.row("2", "backtest", new Measured(4_000_000_000L, 4_000_000_000L, 4_000_000_000L), "250 events/s",
                "0.50 x (1)", "≥ 0.6 x (1)", false);
        table.skipped("3", "DuckDB", "build with -Pbench");
        table.note("a note");

        List<String> lines = print(table);

        assertThat(lines.get(0)).startsWith("| # ").contains("| wall s |", "| CPU s (thread) |", "| met |");
        assertThat(lines.get(1)).matches("\\|(-+\\|)+");
        assertThat(lines.get(2)).contains("| 2.0    |", "| 3.0 (1.5)      |", "500 events/s");
        assertThat(lines.get(3)).contains("0.50 x (1)", "≥ 0.6 x (1)", "| NO  |");
        assertThat(lines.get(4)).contains("skipped: build with -Pbench");
        assertThat(lines.subList(0, 5)).extracting(String::length).containsOnly(lines.get(0).length());
        assertThat(lines).endsWith("", "- a note");
    }

    private static List<String> print(BenchTable table) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            table.print(out);
        }
        return text.toString().lines().toList();
    }
}
