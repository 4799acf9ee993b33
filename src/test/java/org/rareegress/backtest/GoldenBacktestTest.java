package org.rareegress.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rareegress.alert.AlertFormat;
import org.rareegress.output.OutputSchemas;
import picocli.CommandLine;

/**
 * A small hand-made input ({@code golden/input.jsonl}: one event for each filter clause, every
 * alert type, a bad line, an envelope with a bad record, a late event) must give the checked-in
 * alerts (in each alert.format), report and dead letters, through the real command line, each following its
 * schema. Regenerate with
 * {@code -Dgolden.update=true} after a deliberate change, and review the diff.
 */
class GoldenBacktestTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Path INPUT = GOLDEN.resolve("input.jsonl");

    @TempDir
    Path out;

    @Test
    void goldenInputGivesTheCheckedInAlertsReportAndDeadLetters() throws IOException {
        int exit = backtest(INPUT, "--dead-letters", out.resolve("dead-letters.jsonl").toString());

        assertThat(exit).isZero();
        assertMatchesGolden("alerts.jsonl");
        assertMatchesGolden("report.jsonl");
        assertMatchesGolden("dead-letters.jsonl");
    }

    @ParameterizedTest
    @EnumSource(value = AlertFormat.class, names = {"ECS", "OCSF"})
    void goldenInputGivesTheCheckedInAlertsInEachFormat(AlertFormat format) throws IOException {
        String name = "alerts-" + format.configName() + ".jsonl";

        int exit = backtest(INPUT, "--set", "alert.format=" + format.configName());
        Files.move(out.resolve("alerts.jsonl"), out.resolve(name));

        assertThat(exit).isZero();
        OutputSchemas.assertValidLines(OutputSchemas.Kind.alert(format), out.resolve(name));
        assertMatchesGolden(name);
    }

    @Test
    void aGzippedCopyGivesTheSameAlertsAndReport() throws IOException {
        Path gzipped = out.resolve("input.jsonl.gz");
        try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            gzip.write(Files.readAllBytes(INPUT));
        }

        backtest(gzipped);

        assertThat(lines(out.resolve("alerts.jsonl"))).isEqualTo(withoutSources(lines(GOLDEN.resolve("alerts.jsonl")), gzipped));
        assertThat(lines(out.resolve("report.jsonl"))).isEqualTo(lines(GOLDEN.resolve("report.jsonl")));
    }

    @Test
    void asOfReplaysHistoryAsKnownAtThatInstant() throws IOException {
        // Events after 09:07 are skipped, so the last line (rat.exe on dev-7 at 08:00), late in the full
        // run, now lies inside the window: rat.exe has two devices and one more UPDATED alert.
        backtest(INPUT, "--as-of", "2024-06-01T09:07:00Z");

        assertThat(lines(out.resolve("report.jsonl"))).extracting(line -> line.substring(0, line.indexOf(",\"Hashes\"")))
                .containsExactly(
                        "{\"InitiatingProcessFileName\":\"chromehelper.exe\",\"DeviceCount\":1",
                        "{\"InitiatingProcessFileName\":\"rat.exe\",\"DeviceCount\":2",
                        "{\"InitiatingProcessFileName\":\"svchost.exe\",\"DeviceCount\":2");
        assertThat(lines(out.resolve("alerts.jsonl"))).hasSize(6);
    }

    @Test
    void twoRunsGiveIdenticalAlertIds() throws IOException {
        backtest(INPUT);
        List<String> first = lines(out.resolve("alerts.jsonl"));

        backtest(INPUT);

        assertThat(lines(out.resolve("alerts.jsonl"))).isEqualTo(first);
    }

    private int backtest(Path input, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--input", input.toString(),
                "--config", GOLDEN.resolve("golden.properties").toString(),
                "--alerts", out.resolve("alerts.jsonl").toString(),
                "--report", out.resolve("report.jsonl").toString()));
        args.addAll(List.of(extra));
        int exit = new CommandLine(new BacktestCommand()).execute(args.toArray(String[]::new));
        // Every output of the golden runs follows its schema (the format-specific alerts are checked by their test).
        if (!args.contains("alert.format=ecs") && !args.contains("alert.format=ocsf")) {
            OutputSchemas.assertValidLines(OutputSchemas.Kind.ALERT, out.resolve("alerts.jsonl"));
        }
        OutputSchemas.assertValidLines(OutputSchemas.Kind.HUNT_ROW, out.resolve("report.jsonl"));
        if (Files.exists(out.resolve("dead-letters.jsonl"))) {
            OutputSchemas.assertValidLines(OutputSchemas.Kind.DEAD_LETTER, out.resolve("dead-letters.jsonl"));
        }
        return exit;
    }

    private void assertMatchesGolden(String name) throws IOException {
        Path actual = out.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.copy(actual, GOLDEN.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(lines(actual)).as(name).isEqualTo(lines(GOLDEN.resolve(name)));
    }

    /** The golden alerts name the plain input file; a gzipped copy names its own path. */
    private static List<String> withoutSources(List<String> alerts, Path file) {
        return alerts.stream().map(line -> line.replace(INPUT.toString(), file.toString())).toList();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
