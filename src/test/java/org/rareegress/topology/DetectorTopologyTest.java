package org.rareegress.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEvent;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.runtime.OrderDrained;

/** The detector's behaviours end to end through the live topology (RocksDB stores) under TopologyTestDriver. */
class DetectorTopologyTest {
    private static final String T0 = "2024-05-01T00:00:00Z";

    @TempDir
    Path stateDir;

    @Test
    void holdsAlertsUntilStreamTimeHasPassedTheFirstKeptEventByTheWarmUp() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=P1D")) {
            detector.send(anEvent().at(T0).json(), anEvent().at("2024-05-01T23:59:59.999Z").json());

            assertThat(detector.alerts()).isEmpty();
            assertThat(detector.table()).containsOnlyKeys("tool.exe");

            detector.send(anEvent().at("2024-05-02T00:00:00Z").json());

            assertThat(detector.alerts()).extracting(a -> a.get("AlertType").asText()).containsExactly("NEW_RARE");
        }
    }

    @Test
    void raisesUpdatedOnlyForANewDeviceHashOrPortNeverForKnownFacts() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S")) {
            detector.send(
                    anEvent().at(T0).json(),
                    anEvent().at("2024-05-01T01:00:00Z").json(),
                    anEvent().at("2024-05-01T02:00:00Z").port(5555).json(),
                    anEvent().at("2024-05-01T03:00:00Z").device("d2").json(),
                    anEvent().at("2024-05-01T04:00:00Z").md5("ffffffffffffffffffffffffffffffff").json(),
                    anEvent().at("2024-05-01T05:00:00Z").device("d2").port(5555).json());

            List<JsonNode> alerts = detector.alerts();

            assertThat(alerts).extracting(a -> a.get("AlertType").asText())
                    .containsExactly("NEW_RARE", "UPDATED", "UPDATED", "UPDATED");
            assertThat(alerts).extracting(a -> a.get("Trigger").get("New").toString())
                    .containsExactly("[\"Process\"]", "[\"Port\"]", "[\"Device\"]", "[\"Hash\"]");
            assertThat(alerts.get(3).get("DeviceCount").asInt()).isEqualTo(2);
            assertThat(alerts.get(3).get("Ports").toString()).isEqualTo("[4444,5555]");
        }
    }

    @Test
    void raisesNoLongerRareOnceWhenAnAlertedProcessReachesTheThresholdAndRemovesItsRow() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "detector.threshold=2")) {
            detector.send(anEvent().at(T0).json(),
                    anEvent().at("2024-05-01T01:00:00Z").device("d2").json(),
                    anEvent().at("2024-05-01T02:00:00Z").device("d3").json());

            assertThat(detector.alerts()).extracting(a -> a.get("AlertType").asText())
                    .containsExactly("NEW_RARE", "NO_LONGER_RARE");
            assertThat(detector.tableChanges()).containsExactly("tool.exe=upsert", "tool.exe=tombstone");
        }
    }

    @Test
    void neverSaysNoLongerRareOfAProcessThatWasNeverAlerted() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=P1D", "detector.threshold=2")) {
            detector.send(anEvent().at(T0).json(), anEvent().at("2024-05-01T01:00:00Z").device("d2").json());

            assertThat(detector.alerts()).isEmpty();
            assertThat(detector.tableChanges()).containsExactly("tool.exe=upsert", "tool.exe=tombstone");
        }
    }

    @Test
    void publishesAHeldNewRareWhenTheProcessIsStillRareAfterConfirmAfter() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "alert.confirm-after=PT1H")) {
            detector.send(anEvent().at(T0).json(),
                    anEvent().at("2024-05-01T00:59:59Z").process("other.exe").json());

            assertThat(detector.alerts()).extracting(a -> a.get("InitiatingProcessFileName").asText())
                    .doesNotContain("tool.exe");

            detector.send(anEvent().at("2024-05-01T01:30:00Z").process("other.exe").json());

            JsonNode alert = detector.alerts().stream()
                    .filter(a -> a.get("InitiatingProcessFileName").asText().equals("tool.exe")).findFirst().orElseThrow();
            assertThat(alert.get("AlertType").asText()).isEqualTo("NEW_RARE");
            assertThat(alert.get("DetectedAt").asText()).isEqualTo(T0);
            assertThat(alert.get("ConfirmedAt").asText()).isEqualTo("2024-05-01T01:00:00Z");
            assertThat(alert.get("WindowEnd").asText()).isEqualTo("2024-05-01T01:00:00Z");
        }
    }

    @Test
    void dropsAHeldNewRareWhenTheProcessBecamePrevalentBeforeConfirmAfter() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "alert.confirm-after=PT1H",
                "detector.threshold=2")) {
            detector.send(anEvent().at(T0).json(),
                    anEvent().at("2024-05-01T00:30:00Z").device("d2").json(),
                    anEvent().at("2024-05-01T03:00:00Z").process("other.exe").json());

            assertThat(detector.alerts()).extracting(a -> a.get("InitiatingProcessFileName").asText())
                    .doesNotContain("tool.exe");
        }
    }

    @Test
    void anEventAtExactlyTheConfirmationInstantThatMakesTheProcessPrevalentCancelsTheHeldAlert() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "alert.confirm-after=PT1H",
                "detector.threshold=2")) {
            detector.send(anEvent().at(T0).json(),
                    anEvent().at("2024-05-01T01:00:00Z").device("d2").json(),
                    anEvent().at("2024-05-01T03:00:00Z").process("other.exe").json());

            assertThat(detector.alerts()).extracting(a -> a.get("InitiatingProcessFileName").asText())
                    .doesNotContain("tool.exe");
        }
    }

    @Test
    void aHeldNewRareIsConfirmedOnlyOnceStreamTimeHasPassedItsDueInstant() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "alert.confirm-after=PT1H")) {
            detector.send(anEvent().at(T0).json(),
                    anEvent().at("2024-05-01T01:00:00Z").process("other.exe").json());

            assertThat(detector.alerts()).isEmpty();

            detector.send(anEvent().at("2024-05-01T01:00:00.0000001Z").process("other.exe").json());

            assertThat(detector.alerts()).extracting(a -> a.get("InitiatingProcessFileName").asText() + " "
                    + a.get("ConfirmedAt").asText()).contains("tool.exe 2024-05-01T01:00:00Z");
        }
    }

    @Test
    void dropsAndCountsEventsAtOrBeforeTheStartOfTheWindow() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "detector.window=P1D")) {
            detector.send(anEvent().at("2024-05-03T00:00:00Z").json());
            detector.alerts();

            detector.send(anEvent().at("2024-05-02T00:00:00Z").device("late").json(),
                    anEvent().at("2024-05-02T00:00:00.0000001Z").device("in-window").json());

            assertThat(detector.metrics.late()).isEqualTo(1);
            assertThat(detector.alerts()).extracting(a -> a.get("Trigger").get("DeviceId").asText())
                    .containsExactly("in-window");
        }
    }

    @Test
    void sendsBadRecordsToTheDeadLetterTopicWithReasonAndCoordinatesWhileGoodOnesFlow() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S")) {
            detector.send(
                    anEvent().at(T0).json(),
                    "{\"Timestamp\": truncated",
                    "{\"records\":[" + envelopeRecord(anEvent().at("2024-05-01T01:00:00Z").device("d2").json()) + ","
                            + envelopeRecord(anEvent().at("2024-05-01T01:00:01Z").remoteIp("1.2.3.999").json()) + "]}",
                    anEvent().at("2024-05-01T02:00:00Z").device("d3").json());

            List<JsonNode> deadLetters = detector.deadLetters();

            assertThat(deadLetters).hasSize(2);
            assertThat(deadLetters.get(0).get("Reason").asText()).startsWith("malformed JSON");
            assertThat(deadLetters.get(0).get("Source").toString())
                    .isEqualTo("{\"Topic\":\"mde.device-network-events\",\"Partition\":0,\"Offset\":1,\"Index\":0}");
            assertThat(deadLetters.get(0).get("RawText").asText()).isEqualTo("{\"Timestamp\": truncated");
            assertThat(deadLetters.get(1).get("Reason").asText()).isEqualTo("RemoteIP is not an IP address: '1.2.3.999'");
            assertThat(deadLetters.get(1).get("Source").get("Offset").asLong()).isEqualTo(2);
            assertThat(deadLetters.get(1).get("Source").get("Index").asInt()).isEqualTo(1);
            assertThat(detector.alerts()).extracting(a -> a.get("Trigger").get("DeviceId").asText())
                    .containsExactly("d1", "d2", "d3");
            assertThat(detector.metrics.rejected()).isEqualTo(2);
        }
    }

    @Test
    void keysDeadLettersByTheirSourceCoordinates() {
        try (TopologyHarness detector = new TopologyHarness(stateDir)) {
            detector.send("[1,2", "nonsense");

            assertThat(detector.deadLetterKeys())
                    .containsExactly("mde.device-network-events-0@0", "mde.device-network-events-0@1");
        }
    }

    @Test
    void theTableFollowsStreamTimeSoExpiryAloneAddsAndRemovesRows() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "detector.window=P1D",
                "detector.threshold=2")) {
            detector.send(anEvent().at(T0).json(), anEvent().at("2024-05-01T12:00:00Z").device("d2").json());
            assertThat(detector.table()).isEmpty();

            detector.send(anEvent().at("2024-05-02T00:00:01Z").process("clock.exe").json());

            assertThat(detector.table()).containsOnlyKeys("clock.exe", "tool.exe");
            assertThat(detector.table().get("tool.exe").get("DeviceCount").asInt()).isEqualTo(1);
            assertThat(detector.alerts()).extracting(a -> a.get("AlertType").asText() + " " + a.get("InitiatingProcessFileName").asText())
                    .containsExactly("NEW_RARE tool.exe", "NO_LONGER_RARE tool.exe", "NEW_RARE clock.exe");

            detector.send(anEvent().at("2024-05-02T12:00:01Z").process("clock.exe").json());

            assertThat(detector.table()).containsOnlyKeys("clock.exe");
        }
    }

    @Test
    void anAlertFollowsTheNextEventOfAProcessThatTurnedRareByExpiry() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "detector.window=P1D",
                "detector.threshold=2")) {
            detector.send(anEvent().at(T0).json(), anEvent().at("2024-05-01T12:00:00Z").device("d2").json(),
                    anEvent().at("2024-05-02T00:00:01Z").process("clock.exe").json());
            detector.alerts();

            detector.send(anEvent().at("2024-05-02T01:00:00Z").device("d2").json());

            assertThat(detector.alerts()).extracting(a -> a.get("AlertType").asText() + " " + a.get("DeviceCount").asInt())
                    .containsExactly("NEW_RARE 1");
        }
    }

    @Test
    void groupsProcessesByLowerCasedFileName() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S")) {
            detector.send(anEvent().at(T0).process("Evil.EXE").json(),
                    anEvent().at("2024-05-01T00:00:01Z").process("evil.exe").device("d2").json());

            assertThat(detector.table()).containsOnlyKeys("evil.exe");
            assertThat(detector.table().get("evil.exe").get("DeviceCount").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aReplayProcessesItsInputOnlyUpToTheEndOffsetsTakenAtItsStart() {
        // The topic grew past the end offsets (the third record): its reader is never caught up, and the
        // ended source must stay ended for the replay to know it is done.
        BacklogProbe topicGrewPastTheEnd = partition -> false;
        try (TopologyHarness replay = new TopologyHarness(stateDir, TopologyOptions.replay(Map.of(0, 2L), topicGrewPastTheEnd),
                "detector.warmup=PT0S")) {
            replay.send(anEvent().at(T0).device("d1").json(), anEvent().at("2024-05-01T01:00:00Z").device("d2").json(),
                    anEvent().at("2024-05-01T02:00:00Z").device("d3").json());

            assertThat(replay.metrics.recordsRead()).isEqualTo(2);
            assertThat(replay.alerts()).extracting(a -> a.get("Trigger").get("DeviceId").asText())
                    .containsExactly("d1", "d2");
            assertThat(OrderDrained.everySourceEnded(replay.metrics, 1)).as("the replay's one source has ended").isTrue();
        }
    }

    @Test
    void stampsOutputsWithTheTimeOfTheRecordThatReleasedThemNeverTheEventTime() {
        // Brokers reject CreateTime records more than an hour ahead: an event stamped in the future
        // must not lend its time to the repartition, changelog or output records. Its outputs leave when
        // the watermark releases it, stamped with the record that moved the watermark: here the idle
        // report of the quiet partition, stamped by the wall clock.
        Instant arrival = TopologyHarness.CLOCK.instant();
        Instant eventTime = arrival.plus(Duration.ofHours(20));
        Instant started = Instant.now();
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "input.max-future-skew=P1D")) {
            detector.sendAt(arrival, anEvent().at(eventTime).json());

            List<Instant> stamps = detector.outputTimestamps();

            assertThat(stamps).hasSize(2).doesNotContain(eventTime).allSatisfy(stamp -> assertThat(stamp)
                    .isBetween(started, Instant.now().plus(Duration.ofMinutes(3))));
        }
    }

    @Test
    void readsALiveRecordCarryingTheBacktestBatchHeaderAsAnOrdinaryRecord() {
        // Anyone can set headers on the input topic: a forged batch must not invent file coordinates.
        LineBatch forged = new LineBatch();
        byte[] line = anEvent().at(T0).process("forged.exe").bytes();
        forged.add(7, line, 0, line.length);
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S")) {
            detector.sendWithHeader(Names.FILE_BATCH_HEADER, "c:/evidence/made-up.csv", forged.drain())
                    .send(anEvent().at(T0).json());

            List<JsonNode> deadLetters = detector.deadLetters();
            assertThat(deadLetters).hasSize(1);
            assertThat(deadLetters.get(0).get("Reason").asText()).startsWith("malformed JSON");
            assertThat(deadLetters.get(0).get("Source").toString())
                    .isEqualTo("{\"Topic\":\"mde.device-network-events\",\"Partition\":0,\"Offset\":0,\"Index\":0}");
            assertThat(detector.alerts()).extracting(a -> a.get("InitiatingProcessFileName").asText())
                    .containsExactly("tool.exe");
        }
    }

    @Test
    void aCorruptBatchInABacktestBecomesADeadLetterAfterItsReadableLinesAndTheRunGoesOn() {
        LineBatch batch = new LineBatch();
        byte[] line = anEvent().at(T0).bytes();
        batch.add(1, line, 0, line.length);
        byte[] packed = batch.drain();
        byte[] corrupt = java.util.Arrays.copyOf(packed, packed.length + 3);
        corrupt[packed.length] = 2;       // line number 2
        corrupt[packed.length + 1] = 100; // a length of 100 bytes, with one byte left
        try (TopologyHarness backtest = new TopologyHarness(stateDir, TopologyOptions.backtest(Long.MAX_VALUE),
                "detector.warmup=PT0S")) {
            backtest.sendWithHeader(Names.FILE_BATCH_HEADER, "events.jsonl", corrupt)
                    .sendWithHeader(Names.FILE_BATCH_HEADER, "events.jsonl", packedLine(3,
                            anEvent().at("2024-05-01T01:00:00Z").device("d2").bytes()));

            List<JsonNode> deadLetters = backtest.deadLetters();
            assertThat(deadLetters).hasSize(1);
            assertThat(deadLetters.get(0).get("Reason").asText())
                    .isEqualTo("corrupt line batch: line length 100 past the end at byte " + packed.length
                            + " (file events.jsonl)");
            assertThat(deadLetters.get(0).get("RawBytes").asInt()).isEqualTo(3);
            assertThat(backtest.alerts()).extracting(a -> a.get("Trigger").get("DeviceId").asText())
                    .containsExactly("d1", "d2");
        }
    }

    private static byte[] packedLine(long number, byte[] line) {
        LineBatch batch = new LineBatch();
        batch.add(number, line, 0, line.length);
        return batch.drain();
    }

    private static String envelopeRecord(String row) {
        return "{\"category\":\"AdvancedHunting-DeviceNetworkEvents\",\"properties\":" + row + "}";
    }
}
