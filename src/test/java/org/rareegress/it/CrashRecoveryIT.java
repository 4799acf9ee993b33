package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once for real: the detector runs in its own JVM, is killed with SIGKILL in the middle of
 * the stream, and started again on the same state directory. With {@code read_committed}, the alerts
 * are exactly those of an uninterrupted run (a backtest of the same events): none lost, none repeated.
 */
@ExtendWith(KafkaBroker.class)
class CrashRecoveryIT {
    private static final String[] SETTINGS = {"detector.window=P1D", "detector.threshold=5", "detector.warmup=PT6H",
        "alert.confirm-after=PT1H", "kafka.commit.interval.ms=50",
        // The fleet's disorder reaches 5 minutes: within D, where the result is promised whatever crashes.
        "detector.max-out-of-orderness=PT10M"};

    @TempDir
    Path dir;

    @Test
    void aDetectorKilledMidStreamAndRestartedNeitherLosesNorRepeatsAnAlert(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, SETTINGS);
        List<String> lines = Fleets.linesWithinDisorder(49, Duration.ofDays(1), 6000, Duration.ofMinutes(10));
        Fleets.Expected expected = Fleets.backtest(fixture.settings("backtest"), lines, dir);
        fixture.produce(Fleets.unkeyed(lines));

        Process first = start(fixture);
        long committedAtKill = awaitSomeButNotAllCommitted(fixture, lines.size(), first);
        first.destroyForcibly().waitFor();
        Process second = start(fixture);
        try {
            fixture.awaitProcessed(Duration.ofMinutes(5));
        } finally {
            second.destroy();
            second.waitFor();
        }

        assertThat(committedAtKill).as("killed mid-stream").isBetween(1L, (long) lines.size() - 1);
        List<JsonNode> alerts = fixture.alerts();
        assertThat(DetectorFixture.withoutSource(alerts)).isEqualTo(DetectorFixture.withoutSource(expected.alerts()));
        assertThat(fixture.table()).isEqualTo(expected.table());
    }

    private Process start(DetectorFixture fixture) throws Exception {
        return DetectorFixture.startRunProcess(fixture.settingsFor("instance"), dir.resolve("run-" + System.nanoTime() + ".log"));
    }

    /** Waits until the detector has committed part of its input, and returns how much. */
    private static long awaitSomeButNotAllCommitted(DetectorFixture fixture, int total, Process process) throws Exception {
        try (Admin admin = fixture.kafka.admin()) {
            return Await.value("the detector commits part of its input", Duration.ofMinutes(3), Duration.ofMillis(20), () -> {
                assertThat(process.isAlive()).as("the detector process is running").isTrue();
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(fixture.applicationId).partitionsToOffsetAndMetadata().get();
                OffsetAndMetadata input = committed.get(new TopicPartition(fixture.input, 0));
                return input != null && input.offset() > 0 ? input.offset() : null;
            });
        }
    }
}
