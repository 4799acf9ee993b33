package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.runtime.DetectorService;
import org.rareegress.topology.Names;

/**
 * State remembers the threshold and window it was built with: raising the threshold or lengthening
 * the window on it is refused (it cannot be decided exactly), lowering them is applied. State of a
 * release with other detection semantics is refused with the way to upgrade.
 */
@ExtendWith(KafkaBroker.class)
class SettingsChangeIT {
    /**
     * Each test restarts the application on the same group; the closed instance stays a member until its
     * session times out (see docs/operations.md), so the minimum the broker allows instead of 45 s.
     */
    private static final String QUICK_REJOIN = "kafka.session.timeout.ms=6000";

    @TempDir
    Path dir;

    @Test
    void aRaisedThresholdOnExistingStateStopsTheDetectorWithAnExplanation(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S", QUICK_REJOIN);
        fixture.produce(Fleets.unkeyed(Fleets.lines(5, Duration.ofDays(1), 200)));
        try (DetectorService first = DetectorService.start(settings(fixture, "detector.threshold=4"), Clock.systemUTC())) {
            fixture.awaitProcessed(Duration.ofMinutes(2));
        }

        try (DetectorService raised = DetectorService.start(settings(fixture, "detector.threshold=6"), Clock.systemUTC())) {
            assertThat(raised.awaitTermination(2, TimeUnit.MINUTES)).as("stopped by itself").isTrue();
            assertThat(raised.state()).isEqualTo(KafkaStreams.State.ERROR);
        }
    }

    @Test
    void aLoweredThresholdAndAShorterWindowAreApplied(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S", QUICK_REJOIN);
        fixture.produce(Fleets.unkeyed(Fleets.lines(5, Duration.ofDays(1), 200)));
        try (DetectorService first = DetectorService.start(settings(fixture, "detector.threshold=4"), Clock.systemUTC())) {
            fixture.awaitProcessed(Duration.ofMinutes(2));
        }
        fixture.produce(Fleets.unkeyed(Fleets.lines(6, Duration.ofDays(1), 100)));

        try (DetectorService lowered = DetectorService.start(settings(fixture, "detector.threshold=3",
                "detector.window=PT12H"), Clock.systemUTC())) {
            fixture.awaitProcessed(Duration.ofMinutes(2));

            assertThat(lowered.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(fixture.table().values()).allSatisfy(row -> assertThat(row.get("DeviceCount").asInt()).isLessThan(3));
        }
    }

    @Test
    void stateOfAReleaseBeforeEventTimeOrderIsRefusedWithTheWayToUpgrade(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S", QUICK_REJOIN);
        // What a release of semantics version 1 left in its task clock: a stream time, no semantics version.
        String changelog = fixture.applicationId + "-" + Names.TASK_CLOCK_STORE + "-changelog";
        kafka.createTopic(new NewTopic(changelog, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        try (KafkaProducer<String, Long> producer = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(),
                new LongSerializer())) {
            producer.send(new ProducerRecord<>(changelog, Names.STREAM_TIME_KEY, 1_714_521_600_000_000_000L)).get();
        }
        fixture.produce(Fleets.unkeyed(Fleets.lines(5, Duration.ofDays(1), 50)));
        Path log = dir.resolve("v1-state.log");

        Process run = DetectorFixture.startRunProcess(fixture.settingsFor("instance"), log);

        assertThat(run.waitFor(2, TimeUnit.MINUTES)).as("stopped by itself").isTrue();
        assertThat(run.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("semantics version 1", "Deploy under a new kafka.application.id");
        assertThat(fixture.alerts()).isEmpty();
    }

    private static Settings settings(DetectorFixture fixture, String... extra) {
        List<String> settings = new ArrayList<>(fixture.settingsFor("instance"));
        settings.addAll(List.of(extra));
        return SettingsLoader.load(null, Map.of(), settings);
    }
}
