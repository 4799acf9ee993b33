package org.rareegress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bounds the detector's outputs and state when its input is hostile, end to end through the topology. */
class HostileLoadTest {
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
}
