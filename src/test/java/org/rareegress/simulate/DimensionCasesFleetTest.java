package org.rareegress.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.backtest.Backtest;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.enrich.Enricher;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;

/**
 * {@code simulate --dimension-cases}: the refined dimensions' stories planted in the simulated fleet itself. With
 * process-port and process-hash on, the reverse shell and the masquerade alert and nothing else new; the seed's
 * output is the same either way; and without the option the simulator writes the bytes it always wrote.
 */
class DimensionCasesFleetTest {
    private static final Instant END = Instant.parse("2024-06-01T00:00:00Z");
    private static final FleetSpec SPEC = new FleetSpec(12, 35, 20, 7, END, Duration.ZERO);
    private static final String[] DIMENSIONS = {"detector.dimensions=process,process-port,process-hash",
            "alert.confirm-after.process-hash=PT6H"};

    private static final Pattern REPORT_ID = Pattern.compile("\"ReportId\":\\d+");

    static FleetSimulator plain;
    static FleetSimulator withCases;
    static List<byte[]> plainRows;
    static List<byte[]> caseRows;

    @BeforeAll
    static void generate() {
        plain = new FleetSimulator(SPEC);
        withCases = new FleetSimulator(SPEC.withDimensionCases(true));
        plainRows = Rows.of(plain);
        caseRows = Rows.of(withCases);
    }

    @Test
    void withoutTheOptionTheOutputIsTheBytesItWasBeforeTheCasesExisted(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        plain.writeJsonLines(events);
        Path truth = dir.resolve("truth.jsonl");
        TruthFile.write(plain.truth(), truth);

        // Digests of `simulate --devices 12 --days 35 --events-per-device-per-day 20 --seed 7
        // --end 2024-06-01T00:00:00Z --output F --truth T` taken before --dimension-cases was added.
        assertThat(sha256(events.toByteArray()))
                .isEqualTo("2fc0581d804ea71a9aa056f01b3248c796102cc98442b73717eabdca773038c1");
        assertThat(sha256(Files.readAllBytes(truth)))
                .isEqualTo("ecae4e0a6f645c7aa924740daeb20df8f6cc8081b9f4f07358509f2fe7eabaef");
    }

    @Test
    void theCasesComeOnTopOfTheFleetWhoseOwnRowsStayAsTheyWere() {
        long caseEvents = withCases.truth().stream().filter(DimensionCasesFleetTest::isCase)
                .mapToLong(PlantedTool::events).sum();

        assertThat(caseRows).hasSize(plainRows.size() + (int) caseEvents);
        int next = 0;
        for (byte[] row : caseRows) {
            if (next < plainRows.size() && withoutReportId(row).equals(withoutReportId(plainRows.get(next)))) {
                next++;
            }
        }
        assertThat(next).as("every row of the plain fleet, in order, among the rows with the cases")
                .isEqualTo(plainRows.size());
    }

    /** ReportId counts every event of its device, the cases' too: the one column of a fleet row they shift. */
    private static String withoutReportId(byte[] row) {
        return REPORT_ID.matcher(new String(row, StandardCharsets.UTF_8)).replaceFirst("");
    }

    @Test
    void theTruthNamesEachCaseWithTheDimensionThatJudgesIt() {
        assertThat(withCases.truth()).filteredOn(DimensionCasesFleetTest::isCase)
                .extracting(PlantedTool::tool, PlantedTool::process, PlantedTool::expect, PlantedTool::dimension)
                .contains(
                        tuple("reverse-shell", "powershell.exe", PlantedTool.Expect.RARE,
                                "process-port"),
                        tuple("masquerade", "onedrive.exe", PlantedTool.Expect.RARE,
                                "process-hash"),
                        tuple("port-diverse", "game.exe", PlantedTool.Expect.PREVALENT,
                                "process-port"),
                        tuple("teams-rollout", "teams.exe", PlantedTool.Expect.PREVALENT,
                                "process-hash"));
        assertThat(tool("reverse-shell").ports()).containsExactly(4444);
        assertThat(tool("fleet-powershell").ports()).doesNotContain(4444);
        assertThat(tool("masquerade").sha256()).isNotEqualTo(tool("fleet-onedrive").sha256());
        assertThat(tool("fleet-powershell").deviceCount()).isEqualTo(SPEC.devices());
        assertThat(plain.truth()).noneMatch(t -> t.dimension() != null || t.expect() == PlantedTool.Expect.PREVALENT);
    }

    @Test
    void processPortAlertsTheShellAndProcessHashTheMasqueradeAndNothingElseIsNew() throws Exception {
        List<JsonNode> alerts = backtest(caseRows, DIMENSIONS);

        List<JsonNode> refined = alerts.stream().filter(alert -> alert.has("Dimension")).toList();
        assertThat(refined).hasSize(2);
        JsonNode shell = refined.get(0);
        assertThat(shell.get("AlertType").asText()).isEqualTo("NEW_RARE");
        assertThat(shell.get("Dimension").asText()).isEqualTo("process-port");
        assertThat(shell.get("InitiatingProcessFileName").asText()).isEqualTo("powershell.exe");
        assertThat(shell.get("RemotePort").asInt()).isEqualTo(4444);
        assertThat(shell.get("Devices").get(0).get("DeviceId").asText())
                .isEqualTo(tool("reverse-shell").devices().get(0).deviceId());
        JsonNode masquerade = refined.get(1);
        assertThat(masquerade.get("AlertType").asText()).isEqualTo("NEW_RARE");
        assertThat(masquerade.get("Dimension").asText()).isEqualTo("process-hash");
        assertThat(masquerade.get("InitiatingProcessFileName").asText()).isEqualTo("onedrive.exe");
        assertThat(masquerade.get("SHA256").asText()).isEqualTo(tool("masquerade").sha256());
        assertThat(masquerade.get("Devices").get(0).get("DeviceId").asText())
                .isEqualTo(tool("masquerade").devices().get(0).deviceId());
        assertThat(seedAlerts(alerts)).isEqualTo(seedAlerts(backtest(caseRows)));
    }

    @Test
    void theRollOutIsARareHashUntilItsConfirmationPeriodSilencesIt() throws Exception {
        List<JsonNode> unconfirmed = backtest(caseRows, "detector.dimensions=process,process-hash");

        assertThat(unconfirmed).as("without alert.confirm-after.process-hash the new version alerts")
                .anyMatch(alert -> alert.path("Dimension").asText().equals("process-hash")
                        && alert.get("InitiatingProcessFileName").asText().equals("teams.exe")
                        && alert.get("SHA256").asText().equals(tool("teams-rollout").sha256()));
    }

    @Test
    void theSeedAlertsTheSameProcessesWithOrWithoutTheCases() throws Exception {
        List<JsonNode> plainAlerts = backtest(plainRows);
        List<JsonNode> caseAlerts = backtest(caseRows);

        // The cases run from the history's first hour, so warm-up (which counts from the first kept event) may
        // end minutes earlier: the first alert after it can be raised by an earlier event of the same process,
        // with another AlertId. What is alerted, and in what order, is the same.
        assertThat(seedAlerts(caseAlerts)).isNotEmpty().isEqualTo(seedAlerts(plainAlerts));
        assertThat(caseAlerts).noneMatch(alert -> List.of("powershell.exe", "onedrive.exe", "game.exe", "teams.exe")
                .contains(alert.get("InitiatingProcessFileName").asText()));
    }

    /** What an alert says about the seed's dimension, without the ids and times that depend on warm-up's end. */
    private static List<String> seedAlerts(List<JsonNode> alerts) {
        List<String> facts = new ArrayList<>();
        for (JsonNode alert : alerts) {
            if (!alert.has("Dimension")) {
                facts.add(alert.get("AlertType").asText() + " " + alert.get("InitiatingProcessFileName").asText() + " "
                        + alert.get("DeviceCount").asInt() + " " + alert.get("Trigger").get("New"));
            }
        }
        return facts;
    }

    private static boolean isCase(PlantedTool tool) {
        return tool.dimension() != null || tool.expect() == PlantedTool.Expect.PREVALENT;
    }

    private static PlantedTool tool(String id) {
        return withCases.truth().stream().filter(t -> t.tool().equals(id)).findFirst().orElseThrow();
    }

    private static List<JsonNode> backtest(List<byte[]> rows, String... overrides) throws Exception {
        Settings settings = SettingsLoader.load(null, Map.of(), List.of(overrides));
        List<JsonNode> alerts = new ArrayList<>();
        try (Backtest backtest = new Backtest(settings, Enricher.none(), Clock.systemUTC(), Long.MAX_VALUE,
                json -> alerts.add(OutputSchemas.assertValid(Kind.ALERT, json)))) {
            for (int i = 0; i < rows.size(); i++) {
                backtest.feed(rows.get(i), "simulated.jsonl", i + 1);
            }
            backtest.drain();
            assertThat(backtest.metrics().rejected()).isZero();
        }
        return alerts;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
