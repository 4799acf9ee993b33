package org.rareegress.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.codec.OutputJson;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.detect.HuntRow;
import org.rareegress.enrich.Enricher;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;
import org.rareegress.simulate.DimensionCases;

/**
 * The refined dimensions on a simulated fleet where every program runs everywhere ({@link DimensionCases}): the
 * seed sees nothing; process-port sees the reverse shell, process-hash the masquerade; the port-diverse program
 * and the roll-out stay silent.
 */
class DimensionsBacktestTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String[] COMMON = {"detector.window=P7D", "detector.warmup=P1D", "input.max-future-skew=P3650D"};

    @TempDir
    Path dir;

    @Test
    void theSeedAloneSeesNothingRareOnTheFleet() throws IOException {
        List<JsonNode> alerts = run("detector.dimensions=process");

        assertThat(alerts).isEmpty();
    }

    @Test
    void processPortAlertsTheReverseShellOnARarePortAndNothingOfThePortDiverseProgram() throws IOException {
        List<JsonNode> alerts = run("detector.dimensions=process,process-port");

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.get("AlertType").asText()).isEqualTo("NEW_RARE");
            assertThat(alert.get("Dimension").asText()).isEqualTo("process-port");
            assertThat(alert.get("InitiatingProcessFileName").asText()).isEqualTo(DimensionCases.SHELL);
            assertThat(alert.get("RemotePort").asInt()).isEqualTo(DimensionCases.SHELL_PORT);
            assertThat(alert.get("DeviceCount").asInt()).isEqualTo(1);
            assertThat(alert.get("Devices").get(0).get("DeviceId").asText()).isEqualTo(DimensionCases.SHELL_DEVICE);
            assertThat(alert.get("RuleId").asText()).isEqualTo("rare-egress:rare-port-of-prevalent-process");
            assertThat(alert.get("SchemaVersion").asText()).isEqualTo("1.1");
            assertThat(alert.get("HuntQuery").asText()).contains("| where RemotePort == 4444");
        });
    }

    @Test
    void processHashAlertsTheMasqueradeAndTheRollOutOnlyWithoutAConfirmationPeriod() throws IOException {
        List<JsonNode> immediate = run("detector.dimensions=process,process-hash");
        List<JsonNode> confirmed = run("detector.dimensions=process,process-hash", "alert.confirm-after.process-hash=PT6H");

        assertThat(immediate).as("without a confirmation period the new version is rare for a while")
                .anyMatch(alert -> alert.get("InitiatingProcessFileName").asText().equals(DimensionCases.ROLLOUT));
        assertThat(confirmed).singleElement().satisfies(alert -> {
            assertThat(alert.get("Dimension").asText()).isEqualTo("process-hash");
            assertThat(alert.get("InitiatingProcessFileName").asText()).isEqualTo(DimensionCases.MASQUERADE);
            assertThat(alert.get("SHA256").asText()).isEqualTo(DimensionCases.MASQUERADE_SHA256);
            assertThat(alert.get("Devices").get(0).get("DeviceId").asText()).isEqualTo(DimensionCases.MASQUERADE_DEVICE);
            assertThat(alert.get("MitreTechniques").toString()).contains("T1036.005");
            assertThat(alert.get("ConfirmedAt").isNull()).isFalse();
        });
    }

    @Test
    void theTableSaysWhichProgramIsTooDiverseAndKeepsTheRareKeysOfEachDimension() throws IOException {
        Settings settings = settings("detector.dimensions=process,process-port,process-hash",
                "alert.confirm-after.process-hash=PT6H");
        List<HuntRow> table;
        try (Backtest backtest = new Backtest(settings, Enricher.none(), CLOCK, Long.MAX_VALUE, json -> { })) {
            backtest.feed(input());
            backtest.finish();
            table = backtest.table(lastTime());
        }

        assertThat(table).anySatisfy(row -> {
            assertThat(row.process()).isEqualTo(DimensionCases.DIVERSE);
            assertThat(row.dimension()).isEqualTo("process-port");
            assertThat(row.informative()).isFalse();
            assertThat(row.distinctValues()).isGreaterThan(settings.detector().maxValuesPerProcess());
        });
        assertThat(table).anySatisfy(row -> assertThat(row.remotePort()).isEqualTo(DimensionCases.SHELL_PORT));
        assertThat(table).anySatisfy(row -> assertThat(row.sha256()).isEqualTo(DimensionCases.MASQUERADE_SHA256));
        assertThat(table).noneMatch(row -> row.dimension() == null);
        for (HuntRow row : table) {
            OutputSchemas.assertValid(Kind.HUNT_ROW, OutputJson.toBytes(row));
        }
    }

    private List<JsonNode> run(String... overrides) throws IOException {
        Settings settings = settings(overrides);
        List<JsonNode> alerts = new ArrayList<>();
        try (Backtest backtest = new Backtest(settings, Enricher.none(), CLOCK, Long.MAX_VALUE, json -> {
            alerts.add(OutputSchemas.assertValid(Kind.ALERT, json));
        })) {
            backtest.feed(input());
            backtest.finish();
        }
        return alerts;
    }

    private static Settings settings(String... overrides) {
        List<String> all = new ArrayList<>(List.of(COMMON));
        all.addAll(List.of(overrides));
        return SettingsLoader.load(null, Map.of(), all);
    }

    private Path input() throws IOException {
        Path file = dir.resolve("fleet.jsonl");
        if (!Files.exists(file)) {
            Files.write(file, new DimensionCases(7, Instant.parse("2024-05-01T00:00:00Z")).rows(5));
        }
        return file;
    }

    private static long lastTime() {
        return org.rareegress.event.Timestamps.toNanos(Instant.parse("2024-05-05T23:59:00Z"));
    }
}
