package org.rareegress.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
    static final String END = "2024-06-01T00:00:00Z";
    static final FleetSpec SPEC = new FleetSpec(6, 2, 15, 3, Instant.parse(END), Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void writesGzippedRowsAndTheTruthFileTheApiWouldGive() throws IOException {
        Path output = dir.resolve("fleet.jsonl.gz");
        Path truth = dir.resolve("truth.jsonl");

        int exit = run("--devices", "6", "--days", "2", "--events-per-device-per-day", "15", "--seed", "3", "--end", END,
                "--output", output.toString(), "--truth", truth.toString());

        assertThat(exit).isZero();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        FleetSimulator simulator = new FleetSimulator(SPEC);
        simulator.writeJsonLines(expected);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(output))) {
            assertThat(in.readAllBytes()).isEqualTo(expected.toByteArray());
        }
        assertThat(TruthFile.read(truth)).isEqualTo(simulator.truth());
    }

    @Test
    void dimensionCasesOptionWritesTheFleetWithTheCasesAndTheirTruth() throws IOException {
        Path output = dir.resolve("fleet.jsonl");
        Path truth = dir.resolve("truth.jsonl");

        int exit = run("--devices", "6", "--days", "2", "--events-per-device-per-day", "15", "--seed", "3", "--end", END,
                "--dimension-cases", "--output", output.toString(), "--truth", truth.toString());

        assertThat(exit).isZero();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        FleetSimulator simulator = new FleetSimulator(SPEC.withDimensionCases(true));
        simulator.writeJsonLines(expected);
        assertThat(Files.readAllBytes(output)).isEqualTo(expected.toByteArray());
        assertThat(TruthFile.read(truth)).isEqualTo(simulator.truth())
                .anySatisfy(tool -> assertThat(tool.dimension()).isEqualTo("process-port"));
        assertThat(Files.readString(truth)).contains("\"Dimension\":\"process-hash\"", "\"Expect\":\"PREVALENT\"");
    }

    @Test
    void envelopesOptionWritesOneEnvelopeOfKRecordsALine() throws IOException {
        Path output = dir.resolve("envelopes.jsonl");

        int exit = run("--devices", "6", "--days", "2", "--events-per-device-per-day", "15", "--seed", "3", "--end", END,
                "--envelopes", "40", "--output", output.toString());

        assertThat(exit).isZero();
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        long events = new FleetSimulator(SPEC).totalEvents();
        assertThat(lines).hasSize((int) ((events + 39) / 40));
        JsonNode first = Rows.MAPPER.readTree(lines.get(0));
        assertThat(first.get("records")).hasSize(40);
    }

    @Test
    void refusesToRunWithNowhereToSendEvents() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine commandLine = new CommandLine(new SimulateCommand());
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));

        int exit = commandLine.execute("--devices", "3");

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--output FILE, --topic, or both");
    }

    @Test
    void rejectsAMalformedDisorderWithTheOptionsName() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine commandLine = new CommandLine(new SimulateCommand());
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));

        int exit = commandLine.execute("--output", dir.resolve("x.jsonl").toString(), "--disorder", "5 minutes");

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--disorder");
    }

    private static int run(String... args) {
        return new CommandLine(new SimulateCommand()).execute(args);
    }
}
