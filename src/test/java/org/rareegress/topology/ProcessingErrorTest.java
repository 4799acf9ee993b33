package org.rareegress.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rareegress.event.Events.anEvent;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.codec.OutputJson;
import org.rareegress.detect.GeoInfo;
import org.rareegress.enrich.Enricher;

/**
 * The processing exception handler on the live topology: an exception nobody foresaw (here the
 * GeoIP lookup, injected through the enricher) becomes a dead letter and processing goes on, while
 * Kafka's own failures still stop the task.
 */
class ProcessingErrorTest {
    private static final String T0 = "2024-05-01T00:00:00Z";
    private static final String REPARTITION = "rare-egress-process-candidates-repartition";

    @TempDir
    Path stateDir;

    /** An enricher that throws {@code failure} for 6.6.6.6 and knows nothing of any other address. */
    private static Enricher failingOn66(RuntimeException failure) {
        return ip -> {
            if (ip.equals("6.6.6.6")) {
                throw failure;
            }
            return GeoInfo.NONE;
        };
    }

    private static JsonNode json(String text) {
        try {
            return OutputJson.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnexpectedExceptionInAProcessorBecomesADeadLetterAndTheNextRecordsAreProcessed() {
        Enricher enricher = failingOn66(new IllegalArgumentException("lookup of 6.6.6.6 broke"));
        try (TopologyHarness detector = new TopologyHarness(stateDir, TopologyOptions.live(), enricher,
                "detector.warmup=PT0S")) {
            detector.send(anEvent().at(T0).process("bad.exe").remoteIp("6.6.6.6").json(),
                    anEvent().at(T0).process("good.exe").json());

            List<JsonNode> deadLetters = detector.deadLetters();
            // Both enrich nodes look the address up: the row's and the alert's each fail on their own, and each
            // dead letter holds the output the node failed on (not the progress report that released the event).
            assertThat(deadLetters).hasSize(2).allSatisfy(letter -> {
                assertThat(letter.get("Reason").asText())
                        .isEqualTo("processing failed: java.lang.IllegalArgumentException: lookup of 6.6.6.6 broke");
                assertThat(json(letter.get("RawText").asText()).get("InitiatingProcessFileName").asText())
                        .isEqualTo("bad.exe");
            });
            assertThat(deadLetters).extracting(letter -> letter.get("Source").get("Topic").asText())
                    .as("the row's: the record that released it; the alert's: its triggering event")
                    .containsExactlyInAnyOrder(REPARTITION, "mde.device-network-events");
            assertThat(deadLetters).filteredOn(letter -> letter.get("Source").get("Topic").asText().equals(REPARTITION))
                    .singleElement().satisfies(letter -> assertThat(letter.get("RawText").asText()).contains("\"DeviceCount\":1"));
            assertThat(deadLetters).filteredOn(letter -> !letter.get("Source").get("Topic").asText().equals(REPARTITION))
                    .singleElement().satisfies(letter -> {
                        assertThat(letter.get("Source").get("Offset").asLong()).isZero();
                        assertThat(letter.get("RawText").asText()).contains("\"AlertType\":\"NEW_RARE\"");
                    });
            assertThat(detector.alerts()).extracting(a -> a.get("InitiatingProcessFileName").asText())
                    .containsExactly("good.exe");
            assertThat(detector.metrics.processingErrors()).isEqualTo(2);
            assertThat(detector.metrics.rejected()).isEqualTo(2);
        }
    }

    @Test
    void anOutputLargerThanTheProducerAcceptsBecomesADeadLetterBeforeItIsSent() {
        // Under exactly-once a send the producer refuses would abort the transaction and stop the task.
        try (TopologyHarness detector = new TopologyHarness(stateDir, TopologyOptions.live(), Enricher.none(),
                "detector.warmup=PT0S", "kafka.max.request.size=4000")) {
            detector.send(anEvent().at(T0).process("long.exe").commandLine("x".repeat(5_000)).json(),
                    anEvent().at(T0).process("good.exe").json());

            List<JsonNode> deadLetters = detector.deadLetters();
            assertThat(deadLetters).hasSize(1);
            assertThat(deadLetters.get(0).get("Reason").asText())
                    .startsWith("processing failed: org.rareegress.topology.OutputSizeGuard$OutputTooLargeException: a ")
                    .contains("-byte record for rare-egress.alerts (key long.exe) is over the producer's max.request.size");
            assertThat(detector.alerts()).extracting(a -> a.get("InitiatingProcessFileName").asText())
                    .containsExactly("good.exe");
            assertThat(detector.table()).containsOnlyKeys("long.exe", "good.exe");
        }
    }

    @Test
    void aRejectedRecordKeepsItsReasonUnderALoweredProducerLimit() {
        // The raw content is what gets cut to fit, never the reason the record was rejected.
        try (TopologyHarness detector = new TopologyHarness(stateDir, TopologyOptions.live(), Enricher.none(),
                "kafka.max.request.size=4000")) {
            detector.send(anEvent().at(T0).remoteIp("not-an-ip").commandLine("x".repeat(5_000)).json());

            List<JsonNode> deadLetters = detector.deadLetters();
            assertThat(deadLetters).hasSize(1);
            assertThat(deadLetters.get(0).get("Reason").asText()).contains("RemoteIP").doesNotContain("processing failed");
            assertThat(detector.metrics.processingErrors()).isZero();
        }
    }

    @Test
    void aStoredStateThatCannotBeDecodedIsDiscardedAndTheProcessStartsAfresh() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, TopologyOptions.live(), Enricher.none(),
                "detector.warmup=PT0S")) {
            detector.send(anEvent().at(T0).process("other.exe").json());
            detector.processStore().put("implant.exe", new byte[] {99, 1, 2, 3});

            detector.send(anEvent().at(T0).process("implant.exe").device("d7").json());

            assertThat(detector.alerts()).extracting(a -> a.get("InitiatingProcessFileName").asText() + " " + a.get("AlertType").asText())
                    .containsExactly("other.exe NEW_RARE", "implant.exe NEW_RARE");
            assertThat(detector.deadLetters()).isEmpty();
            assertThat(detector.metrics.statesDiscarded()).isEqualTo(1);
            assertThat(detector.processStore().get("implant.exe")).isNotNull().isNotEqualTo(new byte[] {99, 1, 2, 3});
        }
    }

    @Test
    void aKafkaFailureInAProcessorStillStopsTheTask() {
        // A store that cannot be written says nothing about one record: skipping would skip them all.
        Enricher enricher = failingOn66(new ProcessorStateException("store unavailable"));
        try (TopologyHarness detector = new TopologyHarness(stateDir, TopologyOptions.live(), enricher,
                "detector.warmup=PT0S")) {

            assertThatThrownBy(() -> detector.send(anEvent().at(T0).remoteIp("6.6.6.6").json()).settle())
                    .isInstanceOf(StreamsException.class)
                    .hasRootCauseInstanceOf(ProcessorStateException.class);
            assertThat(detector.deadLetters()).isEmpty();
        }
    }
}
