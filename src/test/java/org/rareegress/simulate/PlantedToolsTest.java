package org.rareegress.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlantedToolsTest {
    static final FleetSpec SPEC = new FleetSpec(20, 10, 30, 11, Instant.parse("2024-03-01T00:00:00Z"), Duration.ZERO);

    static FleetSimulator simulator;
    static List<JsonNode> rows;

    @BeforeAll
    static void generate() {
        simulator = new FleetSimulator(SPEC);
        rows = Rows.parsed(Rows.of(simulator));
    }

    @Test
    void everyPlantedToolIsInTheEventsExactlyAsTheTruthSays() {
        assertThat(simulator.truth()).extracting(PlantedTool::tool).contains("c2-implant", "admin-ssh",
                "remote-desktop", "late-exfil", "rmm-rollout");

        for (PlantedTool tool : simulator.truth()) {
            List<JsonNode> events = rows.stream().filter(r -> Rows.process(r).equals(tool.process())).toList();

            assertThat(events).as(tool.tool()).hasSize((int) tool.events());
            assertThat(distinct(events, "DeviceId")).as(tool.tool())
                    .isEqualTo(tool.devices().stream().map(PlantedTool.PlantedDevice::deviceId).collect(java.util.stream.Collectors.toSet()));
            assertThat(distinct(events, "RemoteIP")).as(tool.tool()).isEqualTo(new TreeSet<>(tool.remoteIps()));
            assertThat(distinct(events, "RemotePort")).as(tool.tool())
                    .isEqualTo(tool.ports().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet()));
            assertThat(distinct(events, "InitiatingProcessFileName")).as(tool.tool()).isEqualTo(new TreeSet<>(tool.fileNames()));
            assertThat(distinct(events, "InitiatingProcessMD5")).as(tool.tool()).containsExactly(tool.md5());
            assertThat(events.get(0).get("Timestamp").asText()).isEqualTo(tool.firstSeen());
            assertThat(events.get(events.size() - 1).get("Timestamp").asText()).isEqualTo(tool.lastSeen());
        }
    }

    @Test
    void rareToolsStayBelowTheThresholdAndTheRolloutReachesMostOfTheFleet() {
        for (PlantedTool tool : simulator.truth()) {
            if (tool.expect() == PlantedTool.Expect.NO_LONGER_RARE) {
                assertThat(tool.deviceCount()).isGreaterThanOrEqualTo(SPEC.devices() * 3 / 4);
                assertThat(Instant.parse(tool.devices().get(1).firstSeen()))
                        .as("the pilot runs alone for a while")
                        .isAfter(Instant.parse(tool.devices().get(0).firstSeen()).plus(Duration.ofDays(2)));
            } else {
                assertThat(tool.deviceCount()).as(tool.tool()).isBetween(1, 3);
            }
        }
    }

    @Test
    void theLateToolAppearsOnlyInTheLastTenthOfTheHistory() {
        PlantedTool late = simulator.truth().stream().filter(t -> t.tool().equals("late-exfil")).findFirst().orElseThrow();

        assertThat(Instant.parse(late.firstSeen())).isAfter(SPEC.end().minus(Duration.ofDays(SPEC.days()).dividedBy(10)));
    }

    @Test
    void theTruthFileReadsBackAsWritten(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("truth.jsonl");

        TruthFile.write(simulator.truth(), file);

        assertThat(TruthFile.read(file)).isEqualTo(simulator.truth());
    }

    @Test
    void theEventsExerciseEveryClauseOfTheHunt() {
        assertThat(rows).anyMatch(field("Protocol", "Udp")).anyMatch(field("RemotePort", "53"));
        assertThat(rows).anyMatch(field("ActionType", "ConnectionFailed")).anyMatch(field("ActionType", "ConnectionRequest"))
                .anyMatch(field("ActionType", "InboundConnectionAccepted")).anyMatch(field("ActionType", "ListeningConnectionCreated"));
        assertThat(rows).anyMatch(field("RemoteIPType", "Private").and(r -> r.get("RemoteIP").asText().startsWith("10.")))
                .anyMatch(r -> r.get("RemoteIP").asText().startsWith("172.16."))
                .anyMatch(r -> r.get("RemoteIP").asText().startsWith("192.168."));
        assertThat(rows).anyMatch(r -> r.get("RemoteIP").asText().startsWith("::ffff:"))
                .anyMatch(r -> r.get("RemoteIP").asText().startsWith("2603:"));
        assertThat(rows).anyMatch(field("RemotePort", "80")).anyMatch(field("RemotePort", "443"))
                .anyMatch(r -> !r.get("RemoteUrl").asText().isEmpty() && field("RemoteIPType", "Public").test(r));
        assertThat(rows).anyMatch(field("InitiatingProcessFileName", "msedge.exe"))
                .anyMatch(field("InitiatingProcessFileName", "firefox.exe"))
                .anyMatch(r -> r.get("InitiatingProcessFileName").asText().matches("(?i)chrome\\.exe")
                        && !r.get("InitiatingProcessFileName").asText().equals("chrome.exe"))
                .anyMatch(field("InitiatingProcessFileName", "System"));
        Set<String> common = Set.of("svchost.exe", "onedrive.exe", "teams.exe", "outlook.exe", "msmpeng.exe",
                "officeclicktorun.exe", "zoom.exe");
        Set<String> seen = new LinkedHashSet<>();
        rows.forEach(r -> seen.add(Rows.process(r)));
        assertThat(seen).containsAll(common);
    }

    private static Predicate<JsonNode> field(String name, String value) {
        return row -> value.equals(row.get(name).asText());
    }

    private static Set<String> distinct(List<JsonNode> events, String field) {
        List<String> values = new ArrayList<>();
        events.forEach(e -> values.add(e.get(field).asText()));
        return new TreeSet<>(values);
    }
}
