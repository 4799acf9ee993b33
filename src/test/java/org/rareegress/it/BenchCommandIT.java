package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.bench.BenchCommand;
import picocli.CommandLine;

/** Every row of {@code bench} on a tiny fleet, the live ones on the in-process broker: one table, each row filled. */
class BenchCommandIT {
    @TempDir
    Path dir;

    @Test
    void printsEveryRowOfTheTable() {
        StringWriter output = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand()).setOut(new PrintWriter(output, true));

        int exit = command.execute("--devices", "10", "--days", "35", "--events-per-device-per-day", "20",
                "--latency-seconds", "3", "--state-processes", "300", "--work-dir", dir.toString());

        assertThat(exit).isZero();
        List<String> lines = output.toString().lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 4a ").contains("records/s"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 4b ").contains("records/s", "x (4a)"));
        // The default five live passes: 4b, 4c, then three warm ones, the last printed as 4aw and 4w.
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 4aw ").contains("records/s"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 4w ").contains("records/s", "x (4aw)"));
        String passes = lines.stream().filter(line -> line.startsWith("- live passes after (4c)")).findFirst().orElseThrow();
        assertThat(Pattern.compile("start to RUNNING \\d+\\.\\d\\d, \\d+\\.\\d\\d, \\d+\\.\\d\\d s").matcher(passes).find())
                .as(passes).isTrue();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 5a ").contains("PT0S", "p50", "p99", "(30 alerts)"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 5b ").contains("PT1M", "p50", "p99", "(30 alerts)"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| 6 ").contains("300 distinct processes",
                "bytes a process", "RocksDB"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("commit.interval.ms=100"));
        String dimensions = lines.stream().filter(line -> line.startsWith("| 6b ")).findFirst().orElseThrow();
        assertThat(dimensions).contains("detector.dimensions=process,process-port,process-hash: 300 processes",
                "max-values-per-process 16");
        Matcher figures = Pattern.compile("(\\d+) / \\d+ / \\d+ bytes a process with its dimensions' records.*"
                + "its own record alone \\(the seed's\\) (\\d+) / \\d+ / \\d+").matcher(dimensions);
        assertThat(figures.find()).as(dimensions).isTrue();
        assertThat(Integer.parseInt(figures.group(1))).as("the dimensions' records add to the process's own")
                .isGreaterThan(Integer.parseInt(figures.group(2)));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("process-asn left out"));
    }
}
