package org.rareegress.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEvent;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bounds the detector's outputs and state when its input is hostile, end to end through the topology. */
class HostileLoadTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void countsTheDeadLettersACappedRecordDidNotWrite() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "input.max-dead-letters-per-record=100")) {
            detector.send("{\"records\":[" + "0,".repeat(249) + "0]}");

            assertThat(detector.deadLetters()).hasSize(101);
            assertThat(detector.metrics.rejected()).isEqualTo(101);
            assertThat(detector.metrics.deadLettersSuppressed()).isEqualTo(150);
        }
    }

    /** a.exe appeared first but was seen again since: the index entry written when it appeared is stale. */
    @Test
    void evictsTheLeastRecentlySeenProcessOnceTheBoundIsReached() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.max-tracked-processes=3",
                "detector.warmup=PT0S")) {
            detector.send(event("a.exe", T0), event("b.exe", T0.plusSeconds(60)), event("c.exe", T0.plusSeconds(120)),
                    event("a.exe", T0.plusSeconds(180)));
            assertThat(detector.table()).containsOnlyKeys("a.exe", "b.exe", "c.exe");

            detector.send(event("d.exe", T0.plusSeconds(240)));

            assertThat(tracked(detector)).containsOnlyKeys("a.exe", "c.exe", "d.exe");
            assertThat(detector.table()).containsOnlyKeys("a.exe", "c.exe", "d.exe");
            assertThat(detector.tableChanges()).containsSubsequence("d.exe=upsert", "b.exe=tombstone");
            assertThat(detector.metrics.processesEvicted()).isEqualTo(1);
            assertThat(index(detector)).containsOnlyKeys("a.exe", "c.exe", "d.exe")
                    .containsEntry("a.exe", T0.plusSeconds(180));
            assertThat(count(detector)).isEqualTo(3);
        }
    }

    @Test
    void breaksATieInLastSeenByName() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.max-tracked-processes=2")) {
            detector.send(event("x.exe", T0), event("w.exe", T0), event("y.exe", T0.plusSeconds(1)));

            assertThat(tracked(detector)).containsOnlyKeys("x.exe", "y.exe");
        }
    }

    @Test
    void anEvictedProcessThatComesBackIsANewEpisodeAndRaisesANewRareAgain() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.max-tracked-processes=1",
                "detector.warmup=PT0S")) {
            detector.send(event("a.exe", T0), event("b.exe", T0.plusSeconds(60)), event("a.exe", T0.plusSeconds(120)));

            assertThat(detector.alerts()).extracting(a -> a.get("InitiatingProcessFileName").asText() + " "
                    + a.get("AlertType").asText()).containsExactly("a.exe NEW_RARE", "b.exe NEW_RARE", "a.exe NEW_RARE");
            assertThat(tracked(detector)).containsOnlyKeys("a.exe");
            assertThat(detector.metrics.processesEvicted()).isEqualTo(2);
        }
    }

    /** The sweep: entries of processes that left the window go, those of processes seen since move. */
    @Test
    void theIndexHoldsOneEntryPerTrackedProcessAsProcessesLeaveTheWindow() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.window=P1D")) {
            detector.send(event("gone.exe", T0), event("keep.exe", T0), event("keep.exe", T0.plus(Duration.ofHours(23))));
            assertThat(index(detector)).containsOnlyKeys("gone.exe", "keep.exe");

            detector.send(event("new.exe", T0.plus(Duration.ofHours(25))));

            assertThat(tracked(detector)).containsOnlyKeys("keep.exe", "new.exe");
            assertThat(index(detector)).containsOnly(Map.entry("keep.exe", T0.plus(Duration.ofHours(23))),
                    Map.entry("new.exe", T0.plus(Duration.ofHours(25))));
            assertThat(count(detector)).isEqualTo(2);
            assertThat(detector.metrics.processesEvicted()).isZero();
        }
    }

    @Test
    void aStormOfNewRareIsSummedUpByOneStormAlertWhenItsWindowCloses() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "alert.storm-threshold=3",
                "alert.storm-window=PT10M")) {
            for (int i = 0; i < 10; i++) {
                detector.send(event("flood-" + i + ".exe", T0.plusSeconds(60 + i)));
            }
            assertThat(types(detector.alerts())).containsExactly("flood-0.exe NEW_RARE", "flood-1.exe NEW_RARE",
                    "flood-2.exe NEW_RARE");

            detector.send(event("later.exe", T0.plus(Duration.ofMinutes(10))));

            List<JsonNode> alerts = detector.alerts();
            assertThat(types(alerts)).containsExactly("STORM", "later.exe NEW_RARE");
            JsonNode storm = alerts.get(0);
            assertThat(storm.get("Suppressed").asLong()).isEqualTo(7);
            assertThat(storm.get("StormThreshold").asInt()).isEqualTo(3);
            assertThat(storm.get("Processes").toString()).isEqualTo("[\"flood-3.exe\",\"flood-4.exe\",\"flood-5.exe\","
                    + "\"flood-6.exe\",\"flood-7.exe\",\"flood-8.exe\",\"flood-9.exe\"]");
            assertThat(storm.get("WindowStart").asText()).isEqualTo("2024-05-01T00:00:00Z");
            assertThat(storm.get("WindowEnd").asText()).isEqualTo("2024-05-01T00:10:00Z");
            assertThat(storm.get("DetectedAt").asText()).isEqualTo("2024-05-01T00:01:03Z");
            assertThat(storm.get("LastSuppressedAt").asText()).isEqualTo("2024-05-01T00:01:09Z");
            assertThat(detector.table()).hasSize(11);
            assertThat(detector.metrics.newRareSuppressed()).isEqualTo(7);
            assertThat(detector.metrics.alerts(org.rareegress.detect.AlertType.STORM)).isEqualTo(1);
        }
    }

    @Test
    void aSuppressedProcessIsCountedOnceAndRaisesItsNewRareOnItsNextEventAfterTheStorm() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "alert.storm-threshold=1",
                "alert.storm-window=PT10M")) {
            detector.send(event("first.exe", T0), event("hidden.exe", T0.plusSeconds(1)),
                    event("hidden.exe", T0.plusSeconds(2)), anEvent().process("hidden.exe").device("d2")
                            .at(T0.plusSeconds(3)).json());
            assertThat(types(detector.alerts())).containsExactly("first.exe NEW_RARE");

            detector.send(event("hidden.exe", T0.plus(Duration.ofMinutes(11))));

            List<JsonNode> alerts = detector.alerts();
            assertThat(types(alerts)).containsExactly("STORM", "hidden.exe NEW_RARE");
            assertThat(alerts.get(0).get("Suppressed").asLong()).isEqualTo(1);
            assertThat(alerts.get(1).get("DeviceCount").asInt()).as("the facts stayed in state").isEqualTo(2);
        }
    }

    @Test
    void withoutStormProtectionEveryNewRareIsPublished() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "alert.storm-threshold=0")) {
            for (int i = 0; i < 300; i++) {
                detector.send(event("flood-" + i + ".exe", T0.plusMillis(i)));
            }
            detector.send(event("later.exe", T0.plus(Duration.ofHours(1))));

            assertThat(detector.alerts()).hasSize(301).noneMatch(a -> a.get("AlertType").asText().equals("STORM"));
        }
    }

    /**
     * An attacker (or a mis-mapped field) sends a new process name every few milliseconds, while an implant on one
     * device beacons every ten seconds. The task keeps at most 1,000 processes, evicting the flood's oldest names
     * while the beacon, seen recently, stays; at most 10 NEW_RARE are published in the storm window, and one STORM
     * names the rest. The implant's own NEW_RARE, suppressed in the storm, comes with its first beacon after it.
     */
    @Test
    void aFloodOfUniqueNamesStaysWithinTheBoundAndRaisesOneStormAlert() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S",
                "detector.max-tracked-processes=1000", "alert.storm-threshold=10", "alert.storm-window=PT10M")) {
            Instant floodStart = T0.plusSeconds(60);
            List<String> records = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                Instant at = floodStart.plusMillis(i * 100L);
                records.add(anEvent().process("flood-" + i + ".exe").device("d" + i % 50).at(at).json());
                if (i % 100 == 50) {
                    records.add(anEvent().process("implant.exe").device("victim").port(8443).at(at).json());
                }
            }
            detector.send(records.toArray(String[]::new));
            assertThat(tracked(detector)).hasSize(1_000).containsKey("implant.exe");
            assertThat(detector.metrics.processesEvicted()).isEqualTo(5_001 - 1_000);
            List<JsonNode> during = detector.alerts();
            assertThat(during).hasSize(10);

            detector.send(anEvent().process("implant.exe").device("victim").port(8443)
                    .at(T0.plus(Duration.ofMinutes(10))).json());

            List<JsonNode> after = detector.alerts();
            assertThat(types(after)).containsExactly("STORM", "implant.exe NEW_RARE");
            assertThat(after.get(0).get("Suppressed").asLong()).isEqualTo(4_991);
            assertThat(after.get(0).get("Processes")).hasSize(20);
            assertThat(detector.metrics.newRareSuppressed()).isEqualTo(4_991);
            assertThat(detector.table()).hasSize(1_000).containsKey("implant.exe");
            assertThat(index(detector)).hasSize(1_000);
            assertThat(count(detector)).isEqualTo(1_000);
        }
    }

    private static String event(String process, Instant at) {
        return anEvent().process(process).at(at).json();
    }

    private static List<String> types(List<JsonNode> alerts) {
        return alerts.stream().map(a -> a.get("AlertType").asText().equals("STORM") ? "STORM"
                : a.get("InitiatingProcessFileName").asText() + " " + a.get("AlertType").asText()).toList();
    }

    private static Map<String, byte[]> tracked(TopologyHarness detector) {
        detector.settle();
        Map<String, byte[]> states = new TreeMap<>();
        try (var all = detector.processStore().all()) {
            all.forEachRemaining(entry -> states.put(entry.key, entry.value));
        }
        return states;
    }

    /** The index of processes by last-seen time, as name to the time of its entry. */
    private static Map<String, Instant> index(TopologyHarness detector) {
        detector.settle();
        Map<String, Instant> index = new TreeMap<>();
        try (var all = detector.boundsStore().all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                if (entry.key.get()[0] == 'r') {
                    long nanos = TrackedProcesses.timeOf(entry.key);
                    Instant previous = index.put(TrackedProcesses.nameOf(entry.key),
                            Instant.ofEpochSecond(0, nanos));
                    assertThat(previous).as("one entry per process").isNull();
                }
            }
        }
        return index;
    }

    private static long count(TopologyHarness detector) {
        detector.settle();
        return ByteBuffer.wrap(detector.boundsStore().get(Bytes.wrap(new byte[] {'n'}))).getLong();
    }
}
