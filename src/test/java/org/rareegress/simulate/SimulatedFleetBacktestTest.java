package org.rareegress.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rareegress.backtest.Backtest;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.detect.HuntRow;
import org.rareegress.enrich.Enricher;
import org.rareegress.enrich.Enrichers;
import org.rareegress.output.OutputSchemas;

/** End to end: a simulated fleet through the detector's own backtest gives the hunt the truth file predicts. */
class SimulatedFleetBacktestTest {
    static final FleetSpec SPEC = new FleetSpec(40, 35, 10, 7, Instant.parse("2024-06-01T00:00:00Z"), Duration.ZERO);

    static FleetSimulator simulator;
    static List<byte[]> rows;
    static Outcome defaults;

    record Outcome(List<HuntRow> table, List<JsonNode> alerts) {
        Set<String> tableProcesses() {
            return table.stream().map(HuntRow::process).collect(Collectors.toSet());
        }

        Set<String> alerted(String type) {
            return alerts.stream().filter(a -> a.get("AlertType").asText().equals(type))
                    .map(a -> a.get("InitiatingProcessFileName").asText()).collect(Collectors.toSet());
        }
    }

    @BeforeAll
    static void runTheFleetThroughTheBacktest() throws Exception {
        simulator = new FleetSimulator(SPEC);
        rows = Rows.of(simulator);
        defaults = backtest(Settings.defaults());
    }

    @Test
    void huntTableHoldsThePlantedRareToolsAndNoCommonSoftware() {
        Set<String> rare = processes(PlantedTool.Expect.RARE);

        assertThat(defaults.tableProcesses()).isEqualTo(rare);
        for (PlantedTool tool : simulator.truth()) {
            defaults.table().stream().filter(row -> row.process().equals(tool.process())).forEach(row -> {
                assertThat(row.deviceCount()).as(tool.tool()).isEqualTo(tool.deviceCount());
                assertThat(row.ports()).as(tool.tool()).containsExactlyInAnyOrderElementsOf(tool.ports());
            });
        }
        assertThat(defaults.tableProcesses()).doesNotContain("svchost.exe", "zoom.exe", "teams.exe", "outlook.exe");
    }

    @Test
    void rareToolsAlertAndTheRolloutEndsNoLongerRareWhileDecoysStaySilent() {
        Set<String> rollout = processes(PlantedTool.Expect.NO_LONGER_RARE);
        Set<String> alertable = new java.util.HashSet<>(processes(PlantedTool.Expect.RARE));
        alertable.addAll(rollout);

        assertThat(defaults.alerted("NEW_RARE")).isEqualTo(alertable);
        assertThat(defaults.alerted("NO_LONGER_RARE")).isEqualTo(rollout);
        Set<String> everyAlerted = defaults.alerts().stream().map(a -> a.get("InitiatingProcessFileName").asText())
                .collect(Collectors.toSet());
        assertThat(everyAlerted).isSubsetOf(alertable).doesNotContainAnyElementsOf(processes(PlantedTool.Expect.FILTERED));
    }

    @Test
    void excludingTheSeedsExampleNetworksRemovesThePartnerBackupOnly() throws Exception {
        Settings excluding = SettingsLoader.load(null, Map.of(),
                List.of("filter.excluded-networks=100.0.0.0/16,200.200.200.0/24"));

        Outcome outcome = backtest(excluding);

        assertThat(defaults.tableProcesses()).contains("contosobackup.exe");
        Set<String> expected = new java.util.HashSet<>(defaults.tableProcesses());
        expected.remove("contosobackup.exe");
        assertThat(outcome.tableProcesses()).isEqualTo(expected);
    }

    private static Set<String> processes(PlantedTool.Expect expect) {
        return simulator.truth().stream().filter(t -> t.expect() == expect).map(PlantedTool::process)
                .collect(Collectors.toSet());
    }

    private static Outcome backtest(Settings settings) throws Exception {
        List<JsonNode> alerts = new ArrayList<>();
        try (Enricher enricher = Enrichers.create(settings.geoip());
             Backtest backtest = new Backtest(settings, enricher, Clock.systemUTC(), Long.MAX_VALUE,
                     OutputSchemas.checked(settings.alertFormat(), json -> {
                         try {
                             alerts.add(Rows.MAPPER.readTree(json));
                         } catch (IOException e) {
                             throw new AssertionError(e);
                         }
                     }))) {
            for (int i = 0; i < rows.size(); i++) {
                backtest.feed(rows.get(i), "simulated.jsonl", i + 1);
            }
            backtest.drain();
            assertThat(backtest.metrics().rejected()).isZero();
            return new Outcome(backtest.table(backtest.metrics().newestEventTime()), alerts);
        }
    }
}
