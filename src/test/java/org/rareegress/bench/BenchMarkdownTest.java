package org.rareegress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bench --markdown FILE}: the figures replace what is between the markers, the prose around them stays. */
class BenchMarkdownTest {
    @TempDir
    Path dir;

    @Test
    void writesTheRunBetweenTheMarkersAndLeavesTheRestAlone() throws Exception {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(file, """
                # Benchmarks

                ## The table

                <!-- bench:begin (written by `bench --markdown`: regenerate, do not edit) -->
                an old run
                <!-- bench:end -->

                ## What limits each figure
                """);

        int exit = bench("--markdown", file.toString());

        assertThat(exit).isZero();
        String text = Files.readString(file);
        assertThat(text).startsWith("# Benchmarks\n\n## The table\n\n<!-- bench:begin")
                .endsWith("<!-- bench:end -->\n\n## What limits each figure\n")
                .doesNotContain("an old run")
                .contains("A run of `java -jar target/rare-egress.jar bench --devices 8 --days 3 "
                        + "--events-per-device-per-day 30 --rows 1,2,3 --markdown " + file + "` started ")
                .contains("\nBuild: ", "\nMachine: ", " cores", "load average", "\n```\nrare-egress bench: 1,",
                        "\n| # ", "\n| 2 ", "\n- backtest: ");
        assertThat(text.lines().filter(line -> line.startsWith("<!-- bench:"))).hasSize(2);
    }

    @Test
    void writesANewFileWithTheSectionAlone() throws Exception {
        Path file = dir.resolve("figures.md");

        assertThat(bench("--markdown", file.toString())).isZero();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).startsWith("<!-- bench:begin");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("<!-- bench:end -->");
    }

    @Test
    void refusesAFileWithoutMarkersBeforeMeasuringAnything() throws Exception {
        Path file = dir.resolve("README.md");
        Files.writeString(file, "# not ours\n");
        StringWriter errors = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand()).setErr(new PrintWriter(errors, true));

        int exit = command.execute("--rows", "1", "--markdown", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(errors.toString()).contains("--markdown: ", "has no '<!-- bench:begin");
        assertThat(Files.readString(file)).isEqualTo("# not ours\n");
    }

    @Test
    void anInputFileRunsOnlyTheFileRows() {
        StringWriter errors = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand()).setErr(new PrintWriter(errors, true));

        assertThat(command.execute("--input", dir.resolve("x.jsonl").toString())).isEqualTo(2);
        assertThat(errors.toString()).contains("--input: only rows 1, 2 and 3 read a file");
    }

    private int bench(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--devices", "8", "--days", "3",
                "--events-per-device-per-day", "30", "--rows", "1,2,3"));
        args.addAll(List.of(extra));
        return new CommandLine(new BenchCommand()).setOut(new PrintWriter(new StringWriter(), true))
                .execute(args.toArray(String[]::new));
    }
}
