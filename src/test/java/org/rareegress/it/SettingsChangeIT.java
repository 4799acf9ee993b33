package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.runtime.DetectorService;

/**
 * State remembers the threshold and window it was built with: raising the threshold or lengthening
 * the window on it is refused (it cannot be decided exactly), lowering them is applied.
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

    private static Settings settings(DetectorFixture fixture, String... extra) {
        List<String> settings = new ArrayList<>(fixture.settingsFor("instance"));
        settings.addAll(List.of(extra));
        return SettingsLoader.load(null, Map.of(), settings);
    }
}
