package org.rareegress.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {
    static final Instant END = Instant.parse("2024-06-01T00:00:00Z");
    static final FleetSpec SPEC = new FleetSpec(12, 5, 40, 42, END, Duration.ZERO);
    static final List<String> COLUMNS = List.of("Timestamp", "DeviceId", "DeviceName", "ActionType", "RemoteIP",
            "RemotePort", "RemoteUrl", "LocalIP", "LocalPort", "Protocol", "LocalIPType", "RemoteIPType",
            "InitiatingProcessSHA1", "InitiatingProcessSHA256", "InitiatingProcessMD5", "InitiatingProcessFileName",
            "InitiatingProcessFileSize", "InitiatingProcessVersionInfoCompanyName", "InitiatingProcessVersionInfoProductName",
            "InitiatingProcessVersionInfoProductVersion", "InitiatingProcessVersionInfoInternalFileName",
            "InitiatingProcessVersionInfoOriginalFileName", "InitiatingProcessVersionInfoFileDescription",
            "InitiatingProcessId", "InitiatingProcessCommandLine", "InitiatingProcessCreationTime",
            "InitiatingProcessFolderPath", "InitiatingProcessParentFileName", "InitiatingProcessParentId",
            "InitiatingProcessParentCreationTime", "InitiatingProcessAccountDomain", "InitiatingProcessAccountName",
            "InitiatingProcessAccountSid", "InitiatingProcessAccountUpn", "InitiatingProcessAccountObjectId",
            "InitiatingProcessIntegrityLevel", "InitiatingProcessTokenElevation", "ReportId", "AppGuardContainerId",
            "AdditionalFields");

    static FleetSimulator simulator;
    static List<byte[]> bytes;
    static List<JsonNode> rows;

    @BeforeAll
    static void generate() {
        simulator = new FleetSimulator(SPEC);
        bytes = Rows.of(simulator);
        rows = Rows.parsed(bytes);
    }

    @Test
    void sameSeedAndSpecGiveIdenticalBytes() throws IOException {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();

        new FleetSimulator(SPEC).writeJsonLines(first);
        new FleetSimulator(SPEC).writeJsonLines(second);

        assertThat(first.size()).isGreaterThan(1_000_000);
        assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
    }

    @Test
    void generatingAgainGivesTheSameEvents() {
        List<byte[]> again = Rows.of(simulator);

        assertThat(again).hasSameSizeAs(bytes);
        for (int i = 0; i < bytes.size(); i++) {
            assertThat(again.get(i)).isEqualTo(bytes.get(i));
        }
    }

    @Test
    void anotherSeedGivesOtherEvents() {
        FleetSpec other = new FleetSpec(SPEC.devices(), SPEC.days(), SPEC.eventsPerDevicePerDay(), 43, END, Duration.ZERO);

        List<JsonNode> otherRows = Rows.parsed(Rows.of(new FleetSimulator(other)));

        Set<String> devices = rows.stream().map(r -> r.get("DeviceId").asText()).collect(Collectors.toSet());
        Set<String> otherDevices = otherRows.stream().map(r -> r.get("DeviceId").asText()).collect(Collectors.toSet());
        assertThat(otherDevices).hasSize(SPEC.devices()).doesNotContainAnyElementsOf(devices);
    }

    @Test
    void everyRowCarriesTheAdvancedHuntingColumnsInExportOrder() {
        for (JsonNode row : rows) {
            List<String> names = new ArrayList<>();
            row.fieldNames().forEachRemaining(names::add);
            assertThat(names).isEqualTo(COLUMNS);
            assertThat(row.get("Timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");
            assertThat(row.get("DeviceId").asText()).matches("[0-9a-f]{40}");
            assertThat(row.get("DeviceName").asText()).matches("[a-z0-9-]+\\.corp\\.contoso\\.com");
            assertThat(row.get("InitiatingProcessMD5").asText()).matches("[0-9a-f]{32}");
            assertThat(Instant.parse(row.get("InitiatingProcessCreationTime").asText())).isBefore(Rows.time(row));
        }
    }

    @Test
    void eachDeviceEmitsTheAskedBackgroundEventsInEveryDayOfTheHistory() {
        Set<String> planted = simulator.truth().stream().map(PlantedTool::process).collect(Collectors.toSet());
        Map<String, Integer> perDeviceDay = new HashMap<>();

        for (JsonNode row : rows) {
            if (!planted.contains(Rows.process(row))) {
                long day = Duration.between(SPEC.start(), Rows.time(row)).toDays();
                perDeviceDay.merge(row.get("DeviceId").asText() + "/" + day, 1, Integer::sum);
            }
        }

        assertThat(perDeviceDay).hasSize(SPEC.devices() * SPEC.days());
        assertThat(perDeviceDay.values()).containsOnly(SPEC.eventsPerDevicePerDay());
        assertThat(rows).hasSize((int) simulator.totalEvents());
    }

    @Test
    void eventsComeInTimeOrderWithinTheHistory() {
        Instant previous = SPEC.start();
        for (JsonNode row : rows) {
            Instant time = Rows.time(row);
            assertThat(time).isAfterOrEqualTo(previous).isBefore(END);
            previous = time;
        }
    }

    @Test
    void disorderShufflesEventsButNeverByTheBoundOrMore() {
        Duration bound = Duration.ofMinutes(5);

        List<byte[]> shuffledBytes = Rows.of(new FleetSimulator(SPEC.withDisorder(bound)));

        List<JsonNode> shuffled = Rows.parsed(shuffledBytes);
        Instant newest = Instant.MIN;
        int inversions = 0;
        for (JsonNode row : shuffled) {
            Instant time = Rows.time(row);
            if (time.isBefore(newest)) {
                inversions++;
                assertThat(Duration.between(time, newest)).isLessThan(bound);
            } else {
                newest = time;
            }
        }
        assertThat(inversions).isGreaterThan(shuffled.size() / 10);
        assertThat(shuffledBytes.stream().map(String::new).sorted().toList())
                .isEqualTo(bytes.stream().map(String::new).sorted().toList());
    }
}
