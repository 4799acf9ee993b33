package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How {@code run} ends, as an orchestrator sees it: a clean close on SIGTERM, a failing exit after a fatal error. */
@ExtendWith(KafkaBroker.class)
class RunExitIT {
    @TempDir
    Path dir;

    @Test
    void runExitsWithOneAfterAFatalErrorSoThatAnOrchestratorRestartsIt(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1);
        List<String> settings = new ArrayList<>(fixture.settingsFor("a"));
        settings.add("topic.input=" + kafka.newTopicName("never-created"));

        Process run = start(settings);

        assertThat(run.waitFor(3, TimeUnit.MINUTES)).as("run stopped by itself").isTrue();
        assertThat(run.exitValue()).isEqualTo(1);
    }

    @Test
    void runClosesCleanlyOnSigterm(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1);
        Process run = start(fixture.settingsFor("a"));
        Path log = dir.resolve("run.log");
        awaitLogLine(log, "state REBALANCING -> RUNNING");

        run.destroy();

        assertThat(run.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(run.exitValue()).as("SIGTERM's own status").isEqualTo(143);
        assertThat(java.nio.file.Files.readString(log)).contains("Closing the detector", "PENDING_SHUTDOWN -> NOT_RUNNING")
                .doesNotContain("did not close within");
    }

    private Process start(List<String> settings) throws Exception {
        return DetectorFixture.startRunProcess(settings, dir.resolve("run.log"));
    }

    private static void awaitLogLine(Path log, String line) throws Exception {
        Await.until("'" + line + "' in the run's log", Duration.ofMinutes(2), Duration.ofMillis(200),
                () -> java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).contains(line));
    }
}
