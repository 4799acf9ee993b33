package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.runtime.ReplayCommand;
import picocli.CommandLine;

/** {@code replay}: a historic topic gives the alerts a backtest of the same events gives, and touches nothing live. */
@ExtendWith(KafkaBroker.class)
class ReplayIT {
    private static final String[] SETTINGS = {"detector.window=P1D", "detector.threshold=5", "detector.warmup=PT6H",
        "alert.confirm-after=PT1H"};

    @TempDir
    Path dir;

    @Test
    void replayOfATopicGivesTheAlertsOfABacktestAndLeavesTheLiveTopicsAlone(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, SETTINGS);
        List<String> lines = Fleets.lines(49, Duration.ofDays(1), 1500);
        Fleets.Expected expected = Fleets.backtest(fixture.settings("backtest"), lines, dir);
        fixture.produce(Fleets.unkeyed(lines));
        Path alerts = dir.resolve("replayed-alerts.jsonl");
        String replayId = fixture.applicationId + "-replay";

        List<String> args = new ArrayList<>(List.of("--application-id", replayId, "--alerts", alerts.toString()));
        for (String setting : fixture.settingsFor("live")) {
            args.add("--set");
            args.add(setting);
        }
        int exit = new CommandLine(new ReplayCommand()).execute(args.toArray(String[]::new));

        assertThat(exit).isZero();
        List<JsonNode> replayed = Files.readAllLines(alerts).stream().map(DetectorFixture::json).toList();
        assertThat(DetectorFixture.withoutSource(replayed)).isEqualTo(DetectorFixture.withoutSource(expected.alerts()));
        assertThat(fixture.alerts()).as("the live alert topic").isEmpty();
        try (Admin admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get()).noneMatch(topic -> topic.startsWith(replayId));
            assertThat(admin.listConsumerGroups().all().get()).noneMatch(group -> group.groupId().equals(replayId));
        }
    }
}
