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
import org.rareegress.runtime.replay.ReplayCommand;
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
        String bystander = replayId + "-archive";
        kafka.createTopic(new org.apache.kafka.clients.admin.NewTopic(bystander, 1, (short) 1));

        List<String> args = new ArrayList<>(List.of("--application-id", replayId, "--alerts", alerts.toString()));
        for (String setting : fixture.settingsFor("live")) {
            args.add("--set");
            args.add(setting);
        }
        int exit = new CommandLine(new ReplayCommand()).execute(args.toArray(String[]::new));

        assertThat(exit).isZero();
        List<JsonNode> replayed = Files.readAllLines(alerts).stream().map(DetectorFixture::alert).toList();
        assertThat(DetectorFixture.withoutSource(replayed)).isEqualTo(DetectorFixture.withoutSource(expected.alerts()));
        assertThat(fixture.alerts()).as("the live alert topic").isEmpty();
        try (Admin admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get())
                    .as("only the replay's own topics are gone; a topic merely sharing its prefix and the source stay")
                    .contains(bystander, fixture.input)
                    .noneMatch(topic -> topic.startsWith(replayId) && !topic.equals(bystander));
            assertThat(admin.listConsumerGroups().all().get()).noneMatch(group -> group.groupId().equals(replayId));
        }
    }

    @Test
    void replayToATopicKeepsThatTopicWithTheAlertTopicsOwnSettings(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, SETTINGS);
        List<String> lines = Fleets.lines(49, Duration.ofDays(1), 600);
        Fleets.Expected expected = Fleets.backtest(fixture.settings("backtest"), lines, dir);
        fixture.produce(Fleets.unkeyed(lines));
        String target = kafka.newTopicName("replayed-alerts");

        List<String> args = new ArrayList<>(List.of("--alerts-topic", target));
        for (String setting : fixture.settingsFor("live")) {
            args.add("--set");
            args.add(setting);
        }
        int exit = new CommandLine(new ReplayCommand()).execute(args.toArray(String[]::new));

        assertThat(exit).isZero();
        List<JsonNode> replayed = kafka.readValues(target, org.apache.kafka.common.IsolationLevel.READ_COMMITTED).stream()
                .map(DetectorFixture::alert).toList();
        assertThat(DetectorFixture.withoutSource(replayed)).isEqualTo(DetectorFixture.withoutSource(expected.alerts()));
        try (Admin admin = kafka.admin()) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, target);
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
        }
    }
}
