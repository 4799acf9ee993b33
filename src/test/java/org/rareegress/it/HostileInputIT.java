package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEvent;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.runtime.DetectorService;

/**
 * Input that once stopped the live detector on a real broker (Kafka Streams in ERROR, the offset never
 * committed, so every restart crashed on the same record). Each test sends the hostile record and then
 * a good one: the detector must stay RUNNING and the good one must alert.
 */
@ExtendWith(KafkaBroker.class)
class HostileInputIT {
    private static final Duration PROCESSING = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    /** Now, to the millisecond: events near the wall clock, as a live feed sends them. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String good(Instant at) {
        return anEvent().process("good.exe").device("d-good").at(at).json();
    }

    @Test
    void anEventTwoHoursAheadIsAcceptedWhenTheSkewAllowsItAndTheDetectorKeepsRunning(TestKafka kafka) throws Exception {
        // The brokers reject CreateTime records more than log.message.timestamp.after.max.ms (1 h) ahead:
        // the event's own time must not become the timestamp of the repartition or changelog records.
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S", "input.max-future-skew=PT3H");
        Instant now = now();
        fixture.produce(List.of(
                KeyValue.pair(null, anEvent().process("ahead.exe").device("d-ahead").at(now.plus(Duration.ofHours(2))).json()),
                KeyValue.pair(null, good(now))));

        List<JsonNode> alerts = runToEnd(fixture);

        // Event-time order: the event two hours ahead waits for the watermark; the good one, read after it and
        // two hours behind, is far behind the watermark already and is processed at once.
        assertThat(alerts).extracting(a -> a.get("InitiatingProcessFileName").asText())
                .containsExactly("good.exe", "ahead.exe");
        assertThat(alerts.get(1).get("Trigger").get("Timestamp").asText())
                .as("the alert keeps the event's own time").isEqualTo(now.plus(Duration.ofHours(2)).toString());
        assertThat(fixture.deadLetters()).isEmpty();
    }

    @Test
    void anEventTwoHoursAheadIsDeadLetteredByDefaultAndTheDetectorKeepsRunning(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S");
        Instant now = now();
        fixture.produce(List.of(
                KeyValue.pair(null, anEvent().process("ahead.exe").device("d-ahead").at(now.plus(Duration.ofHours(2))).json()),
                KeyValue.pair(null, good(now))));

        List<JsonNode> alerts = runToEnd(fixture);

        assertThat(alerts).extracting(a -> a.get("InitiatingProcessFileName").asText()).containsExactly("good.exe");
        List<JsonNode> deadLetters = fixture.deadLetters();
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).get("Reason").asText()).contains("input.max-future-skew");
        assertThat(deadLetters.get(0).get("Source").get("Offset").asLong()).isZero();
    }

    @Test
    void aRecordOfControlCharactersBecomesADeadLetterWithinTheMessageLimitAndTheDetectorKeepsRunning(TestKafka kafka)
            throws Exception {
        // 200 KB of 0x01: valid UTF-8, but JSON escapes each byte as \u0001 (6 bytes), 1.2 MB as RawText.
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S");
        fixture.produce(List.of(
                KeyValue.pair(null, "\u0001".repeat(200_000)),
                KeyValue.pair(null, good(now()))));

        List<JsonNode> alerts = runToEnd(fixture);

        assertThat(alerts).extracting(a -> a.get("InitiatingProcessFileName").asText()).containsExactly("good.exe");
        List<JsonNode> deadLetters = fixture.deadLetters();
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).get("RawBytes").asInt()).isEqualTo(200_000);
        assertThat(deadLetters.get(0).get("Source").get("Offset").asLong()).isZero();
    }

    /** Runs the detector over everything produced; fails at once if it leaves RUNNING for ERROR. */
    private static List<JsonNode> runToEnd(DetectorFixture fixture) throws Exception {
        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            fixture.awaitProcessed(PROCESSING, detector);
            assertThat(detector.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        return fixture.alerts();
    }
}
