package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rareegress.event.Events.anEvent;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.runtime.DetectorService;

/**
 * The production exception handler on a real broker: an output topic whose {@code max.message.bytes}
 * is lower than an alert makes the broker refuse it (RecordTooLargeException). The alert is dropped and
 * counted and the detector goes on; a refused changelog record still stops it. Both run at least once:
 * under exactly-once Kafka aborts the transaction of any refused send whatever the handler says (see
 * {@code DropOversizedOutputs}), so there the topology refuses an output over the producer's limit
 * before it is sent.
 */
@ExtendWith(KafkaBroker.class)
class OversizedOutputIT {
    private static final Duration PROCESSING = Duration.ofMinutes(3);
    /** Far below an alert (about 1.2 KB), above a process's state (a few hundred bytes). */
    private static final String SMALL = "600";

    @TempDir
    Path dir;

    @Test
    void anAlertTheBrokerRefusesAsTooLargeIsDroppedAndCountedAndTheDetectorKeepsRunning(TestKafka kafka)
            throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S",
                "kafka.processing.guarantee=at_least_once");
        setMaxMessageBytes(kafka, fixture.alerts, SMALL);
        fixture.produce(List.of(KeyValue.pair(null, anEvent().process("first.exe").json()),
                KeyValue.pair(null, anEvent().process("second.exe").json())));

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            fixture.awaitProcessed(PROCESSING, detector);

            assertThat(detector.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(detector.metrics().outputsDropped()).isEqualTo(2);
        }
        assertThat(fixture.alerts()).isEmpty();
        assertThat(fixture.table()).containsOnlyKeys("first.exe", "second.exe");
    }

    @Test
    void aChangelogRecordTheBrokerRefusesStopsTheDetectorRatherThanLetStateDivergeFromItsChangelog(TestKafka kafka)
            throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S",
                "kafka.processing.guarantee=at_least_once");
        // Created before the first start, Kafka Streams takes the changelog as it finds it.
        kafka.createTopic(new NewTopic(fixture.applicationId + "-process-prevalence-store-changelog", 1, (short) 1)
                .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", "100")));
        fixture.produce(List.of(KeyValue.pair(null, anEvent().process("first.exe").json())));

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {

            assertThatThrownBy(() -> fixture.awaitProcessed(PROCESSING, detector))
                    .hasMessageContaining("the detector stopped");
            assertThat(detector.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(detector.metrics().outputsDropped()).isZero();
        }
    }

    @Test
    void underExactlyOnceAnAlertOverTheProducersLimitBecomesADeadLetterAndTheDetectorKeepsRunning(TestKafka kafka)
            throws Exception {
        // A send the producer refused would abort the transaction whatever the handler says: the topology
        // itself refuses the record first, and the processing handler writes a dead letter.
        // 6,500 bytes: more than the candidate on the repartition topic (5.3 KB), less than its alert (7.5 KB).
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S", "kafka.max.request.size=6500");
        fixture.produce(List.of(
                KeyValue.pair(null, anEvent().process("long.exe").commandLine("x".repeat(5_000)).json()),
                KeyValue.pair(null, anEvent().process("good.exe").json())));

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            fixture.awaitProcessed(PROCESSING, detector);

            assertThat(detector.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        assertThat(fixture.alerts()).extracting(a -> a.get("InitiatingProcessFileName").asText())
                .containsExactly("good.exe");
        assertThat(fixture.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.get("Reason").asText()).contains("OutputTooLargeException", "(key long.exe)");
            // Its raw content (the 7 KB candidate as base64) would not fit the producer's limit either.
            assertThat(letter.get("RawTruncated").asBoolean()).isTrue();
            assertThat(letter.has("RawBase64")).isFalse();
        });
    }

    private static void setMaxMessageBytes(TestKafka kafka, String topic, String bytes) throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", bytes), AlterConfigOp.OpType.SET))))
                    .all().get(TestKafka.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
