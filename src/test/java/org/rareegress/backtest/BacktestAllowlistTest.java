package org.rareegress.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.codec.OutputJson;
import org.rareegress.detect.HuntRow;
import org.rareegress.output.OutputSchemas;
import picocli.CommandLine;

/**
 * {@code backtest --allowlist FILE} over the golden input: the alerts it writes are those of the same backtest
 * without the file, less exactly the ones its rules match; report rows carry the rule; the summary counts them.
 */
class BacktestAllowlistTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStandardError() {
        originalErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(originalErr);
    }

    @Test
    void writesEveryAlertButThoseTheRulesMatchAndMarksTheirRows() throws IOException {
        Path rules = Files.write(dir.resolve("rules.jsonl"), List.of(
                "{\"RuleId\":\"lab-clock\",\"InitiatingProcessFileName\":\"CLOCK.EXE\",\"Reason\":\"lab\"}",
                "",
                "{\"RuleId\":\"admin-putty\",\"InitiatingProcessFileName\":\"putty.exe\",\"Owner\":\"it-ops\"}"));
        assertThat(backtest("plain")).isZero();
        stderr.reset();

        assertThat(backtest("allowed", "--allowlist", rules.toString())).isZero();

        List<String> expected = lines(dir.resolve("plain-alerts.jsonl")).stream()
                .filter(line -> !line.contains("\"InitiatingProcessFileName\":\"clock.exe\"")
                        && !line.contains("\"InitiatingProcessFileName\":\"putty.exe\""))
                .toList();
        assertThat(lines(dir.resolve("plain-alerts.jsonl"))).hasSizeGreaterThan(expected.size() + 2);
        assertThat(lines(dir.resolve("allowed-alerts.jsonl"))).isEqualTo(expected);
        List<String> plainReport = lines(dir.resolve("plain-report.jsonl"));
        List<String> allowedReport = lines(dir.resolve("allowed-report.jsonl"));
        assertThat(allowedReport).hasSameSizeAs(plainReport);
        for (int i = 0; i < plainReport.size(); i++) {
            ObjectNode marked = (ObjectNode) OutputJson.mapper().readTree(allowedReport.get(i));
            JsonNode plain = OutputJson.mapper().readTree(plainReport.get(i));
            boolean clock = plain.get("InitiatingProcessFileName").asText().equals("clock.exe");
            assertThat(marked.remove("AllowlistedBy") == null ? null : "present").isEqualTo(clock ? "present" : null);
            if (clock) {
                assertThat(OutputJson.mapper().readTree(allowedReport.get(i)).get("AllowlistedBy").asText())
                        .isEqualTo("lab-clock");
                // AllowlistedBy is a field of 1.1: the marked process row says so, the unmarked one is a 1.0 row.
                assertThat(marked.remove("SchemaVersion").asText()).isEqualTo(HuntRow.SCHEMA_VERSION);
                assertThat(((ObjectNode) plain.deepCopy()).remove("SchemaVersion").asText())
                        .isEqualTo(HuntRow.PROCESS_SCHEMA_VERSION);
                marked.set("SchemaVersion", plain.get("SchemaVersion"));
            }
            assertThat((JsonNode) marked).isEqualTo(plain);
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("allowlist: 3 of these alerts silenced, not written"
                + " (admin-putty 2, lab-clock 1)");
    }

    @Test
    void refusesABadRulesFileNamingTheLine() throws IOException {
        Path rules = Files.write(dir.resolve("rules.jsonl"), List.of(
                "{\"RuleId\":\"ok\",\"InitiatingProcessFileName\":\"clock.exe\"}",
                "{\"RuleId\":\"typo\",\"InitiatingProcessFilename\":\"putty.exe\"}"));
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new BacktestCommand()).setErr(new java.io.PrintWriter(err)).execute("--input",
                GOLDEN.resolve("input.jsonl").toString(), "--allowlist", rules.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--allowlist: " + rules + " line 2: unknown field 'InitiatingProcessFilename'");
    }

    private int backtest(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("--input", GOLDEN.resolve("input.jsonl").toString(),
                "--config", GOLDEN.resolve("golden.properties").toString(),
                "--alerts", dir.resolve(name + "-alerts.jsonl").toString(),
                "--report", dir.resolve(name + "-report.jsonl").toString()));
        args.addAll(List.of(extra));
        int exit = new CommandLine(new BacktestCommand()).execute(args.toArray(String[]::new));
        OutputSchemas.assertValidLines(OutputSchemas.Kind.ALERT, dir.resolve(name + "-alerts.jsonl"));
        OutputSchemas.assertValidLines(OutputSchemas.Kind.HUNT_ROW, dir.resolve(name + "-report.jsonl"));
        return exit;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
