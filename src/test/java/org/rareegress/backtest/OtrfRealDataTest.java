package org.rareegress.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.FilterOutcome;
import org.rareegress.event.OtrfLines;

/**
 * The real attack-lab logs of {@code src/test/resources/otrf/} (see its SOURCES.md) through the real
 * {@link Backtest}: every Sysmon network event of every file is read, and the documented C2 connections
 * give the detections the lab's ground truth predicts.
 */
class OtrfRealDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LAB = {"filter.remote-ip-types=Public,Private", "detector.warmup=PT0S"};
    private static Path directory;

    @BeforeAll
    static void findTheFiles() {
        directory = OtrfLines.directory();
    }

    @Test
    void readsEverySysmonNetworkEventOfEveryFileWithoutARejection() throws IOException {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-75s %8s %7s %7s %7s %7s%n",
                "file", "records", "events", "skips", "rejects", "sysmon3"));
        for (Path file : OtrfLines.files(directory)) {
            long sysmonNetworkEvents = countSysmonNetworkEvents(file);

            OtrfRun run = OtrfRun.of(List.of(file), LAB);

            table.append(String.format(Locale.ROOT, "%-75s %8d %7d %7d %7d %7d%n", file.getFileName(),
                    run.metrics().recordsRead(), run.metrics().eventsRead(), run.metrics().skipped(),
                    run.metrics().rejected(), sysmonNetworkEvents));
            assertThat(run.deadLetters()).as(file + ": rejected Sysmon 3").noneMatch(OtrfRealDataTest::isSysmonNetworkEvent);
            assertThat(run.metrics().recordsRead()).as(file + ": every line read").isEqualTo(OtrfLines.lines(file).size());
            assertThat(run.metrics().eventsRead() + run.metrics().skipped() + readerRejects(run))
                    .as(file + ": every record is an event, a skip or a rejection").isEqualTo(run.metrics().recordsRead());
            if (sysmonNetworkEvents > 0) {
                assertThat(run.metrics().eventsRead()).as(file + ": one event per Sysmon 3").isEqualTo(sysmonNetworkEvents);
                assertThat(run.metrics().rejected()).as(file + ": " + run.deadLetters()).isZero();
            } else {
                // The M365 Defender reference export: 5 DeviceEvents rows (LdapSearch) read as rows the filter
                // drops, and 4 cloud-app rows (CloudAppEvents / IdentityDirectoryEvents) with no DeviceId.
                assertThat(run.deadLetters()).extracting(letter -> letter.get("Reason").asText())
                        .containsOnly("DeviceId is missing");
            }
        }
        System.out.println(table);
    }

    @Test
    void metasploitPayloadToItsHandlerAlertsWithTheHashesOfItsProcessCreation() throws IOException {
        OtrfRun run = OtrfRun.of(List.of(directory.resolve("cmd_wevtutil_modify_security_eventlog_path.json.gz")), LAB);

        List<JsonNode> payload = run.alertsOf("payload.exe");
        assertThat(payload).isNotEmpty();
        JsonNode first = payload.get(0);
        assertThat(first.get("AlertType").asText()).isEqualTo(AlertType.NEW_RARE.name());
        assertThat(first.get("SampleRemoteIP").asText()).isEqualTo("10.0.10.104");
        assertThat(first.get("Ports")).extracting(JsonNode::asInt).containsExactly(8443);
        assertThat(first.get("Hashes")).extracting(JsonNode::asText).containsExactly("a81a5b5a42c7b58350cbdbc42a39341f");
        assertThat(first.get("Devices").get(0).get("DeviceId").asText()).isEqualTo("desktop-cqf82l6");
        assertThat(first.at("/Trigger/InitiatingProcessSHA256").asText())
                .isEqualToIgnoringCase("EF63E94479FFE3D5ABC64F3DC0E5CC3EF7FFAF24D925B8F428ED5D1F959083E0");
        assertThat(first.at("/Trigger/InitiatingProcessFolderPath").asText()).isEqualTo("C:\\Users\\pedro\\Downloads\\payload.exe");
        assertThat(first.get("SampleProcess").asText()).isEqualTo("\"C:\\Users\\pedro\\Downloads\\payload.exe\" ");
    }

    @Test
    void empireStagerToPort80IsDroppedByTheDefaultExcludedPortsAndAlertsWithoutThem() throws IOException {
        Path dcom = directory.resolve("empire_dcom_shellwindows_stager_2020-09-18130751.json.gz");

        OtrfRun defaults = OtrfRun.of(List.of(dcom), LAB);
        OtrfRun allPorts = OtrfRun.of(List.of(dcom), "filter.remote-ip-types=Public,Private", "detector.warmup=PT0S",
                "filter.excluded-ports=");

        assertThat(defaults.alerts()).as("10.10.10.5:80 with the default filter.excluded-ports=80,443")
                .noneMatch(alert -> alert.get("RemoteIPs").toString().contains("10.10.10.5"));
        assertThat(defaults.metrics().dropped(FilterOutcome.EXCLUDED_PORT)).isPositive();
        JsonNode stager = allPorts.alertsOf("powershell.exe").stream()
                .filter(alert -> alert.get("RemoteIPs").toString().contains("10.10.10.5")).findFirst().orElseThrow();
        assertThat(stager.get("Ports")).extracting(JsonNode::asInt).contains(80);
        assertThat(stager.get("Devices")).extracting(device -> device.get("DeviceId").asText())
                .contains("workstation6.theshire.local");
        assertThat(stager.get("Hashes")).extracting(JsonNode::asText).contains("cda48fc75952ad12d99e526d0b6bf70a");
    }

    @Test
    void aGzipFileCutShortIsReadUpToItsEndWithAWarning(@TempDir Path temp) throws IOException {
        Path original = directory.resolve("empire_wdigest_downgrade_2019-05-18201922.json.gz");
        byte[] bytes = Files.readAllBytes(original);
        Path noTrailer = temp.resolve("no-trailer.json.gz");
        try (OutputStream out = Files.newOutputStream(noTrailer)) {
            out.write(bytes, 0, bytes.length - 8);
        }

        OtrfRun run = OtrfRun.of(List.of(noTrailer), LAB);

        assertThat(run.metrics().recordsRead()).isEqualTo(OtrfLines.lines(original).size());
        assertThat(run.metrics().rejected()).isZero();
        assertThat(run.warnings()).singleElement().asString().contains("no-trailer.json.gz", "ends early");
    }

    private static long readerRejects(OtrfRun run) {
        // Rejections by the filter (incomplete candidates) are of events already counted as read.
        return run.deadLetters().stream().filter(letter -> !letter.get("Reason").asText().endsWith("on a candidate event")).count();
    }

    private static boolean isSysmonNetworkEvent(JsonNode deadLetter) {
        try {
            JsonNode raw = JSON.readTree(deadLetter.path("RawText").asText("{}"));
            return isSysmonNetworkEvent(raw.has("event_id") ? raw.path("event_id").asInt() : raw.path("EventID").asInt(),
                    raw.has("log_name") ? raw.path("log_name").asText() : raw.path("Channel").asText());
        } catch (IOException notJson) {
            return false;
        }
    }

    private static boolean isSysmonNetworkEvent(int eventId, String channel) {
        return eventId == 3 && channel.equalsIgnoreCase("Microsoft-Windows-Sysmon/Operational");
    }

    /** Counted independently of the readers, from the raw lines. */
    private static long countSysmonNetworkEvents(Path file) throws IOException {
        long count = 0;
        for (String line : OtrfLines.lines(file)) {
            JsonNode raw = JSON.readTree(line);
            int eventId = raw.has("event_id") ? raw.path("event_id").asInt() : raw.path("EventID").asInt();
            String channel = raw.has("log_name") ? raw.path("log_name").asText() : raw.path("Channel").asText();
            count += isSysmonNetworkEvent(eventId, channel) ? 1 : 0;
        }
        return count;
    }
}
