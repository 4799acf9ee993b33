package org.rareegress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The file rows of {@code bench} on a tiny fleet: the table's shape, not its speed. BenchCommandIT runs them all. */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheFileRowsAndSaysHowToGetTheDuckDbRow() {
        StringWriter output = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand()).setOut(new PrintWriter(output, true));

        int exit = command.execute("--devices", "8", "--days", "3", "--events-per-device-per-day", "30",
                "--rows", "1,2,3", "--work-dir", dir.toString(), "--set", "detector.warmup=PT0S");

        assertThat(exit).isZero();
        List<String> lines = output.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("rare-egress bench: ").contains("hunt columns", "cores, Java");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 1 ").contains("events/s", "MB/s"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 2 ").contains("events/s", "x (1)"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 3 ").contains(DuckDbHunt.available()
                ? "tables equal" : "skipped: build with -Pbench"));
        assertThat(lines).noneMatch(line -> line.startsWith("| 4"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("- backtest: ").contains("kept"));
        // Six passes by default: the first printed as rows 1-3, the last as 1w-3w, which carry the targets.
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 2w ").contains("x (1w)", "≥ 1.0 x (1w)"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 1w ").contains("events/s"));
        assertThat(lines).filteredOn(line -> line.startsWith("| 2 ")).singleElement()
                .satisfies(line -> assertThat(line).doesNotContain("≥"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("- file rows: 6 passes").contains("backtest "));
    }

    @Test
    void onePassJudgesTheTargetsOnTheColdRows() {
        StringWriter output = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand()).setOut(new PrintWriter(output, true));

        int exit = command.execute("--devices", "4", "--days", "2", "--events-per-device-per-day", "20",
                "--rows", "1,2", "--file-passes", "1", "--work-dir", dir.toString());

        assertThat(exit).isZero();
        List<String> lines = output.toString().lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 2 ").contains("≥ 1.0 x (1)"));
        assertThat(lines).noneMatch(line -> line.startsWith("| 1w") || line.startsWith("- file rows:"));
    }

    @Test
    void refusesNoPass() {
        StringWriter errors = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand()).setErr(new PrintWriter(errors, true));

        assertThat(command.execute("--file-passes", "0", "--work-dir", dir.toString())).isEqualTo(2);
        assertThat(errors.toString()).contains("--file-passes: at least 1, not 0");
    }

    @Test
    void refusesFewerLivePassesThanRowsFourBAndFourC() {
        StringWriter errors = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand()).setErr(new PrintWriter(errors, true));

        assertThat(command.execute("--live-passes", "1", "--work-dir", dir.toString())).isEqualTo(2);
        assertThat(errors.toString()).contains("--live-passes: at least 2 (rows 4b and 4c), not 1");
    }
}
