package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rareegress.runtime.topics.TopicsCommand;
import picocli.CommandLine;

/** {@code topics} against a real broker: creates what is missing, reports drift, never changes a topic. */
@ExtendWith(KafkaBroker.class)
class TopicsCommandIT {
    private TestKafka kafka;
    private String input;
    private String alerts;
    private String rareProcesses;
    private String deadLetter;
    private String allowlist;

    @BeforeEach
    void freshTopicNames(TestKafka kafka) {
        this.kafka = kafka;
        input = kafka.newTopicName("input");
        alerts = kafka.newTopicName("alerts");
        rareProcesses = kafka.newTopicName("rare-processes");
        deadLetter = kafka.newTopicName("dead-letter");
        allowlist = kafka.newTopicName("allowlist");
    }

    @Test
    void createsAllFiveTopicsWithTheirDefinitions() throws Exception {
        Run run = topics("--replication-factor", "1");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("topics: 5 created, 0 as defined, 0 drifted");
        assertThat(partitions(input)).isEqualTo(6);
        assertThat(config(input, "retention.ms")).isEqualTo("3024000000");
        assertThat(config(alerts, "retention.ms")).isEqualTo("7776000000");
        assertThat(config(rareProcesses, "cleanup.policy")).isEqualTo("compact");
        assertThat(config(rareProcesses, "segment.ms")).isEqualTo("3600000");
        assertThat(config(deadLetter, "retention.ms")).isEqualTo("7776000000");
        assertThat(config(deadLetter, "retention.bytes")).isEqualTo("1073741824");
        assertThat(config(deadLetter, "min.insync.replicas"))
                .as("capped at the overriding replication factor, or no acks=all write could succeed")
                .isEqualTo("1");
        assertThat(partitions(allowlist)).isEqualTo(1);
        assertThat(config(allowlist, "cleanup.policy")).isEqualTo("compact");
    }

    @Test
    void secondRunCreatesNothingAndReportsNoDrift() {
        topics("--replication-factor", "1");

        Run second = topics("--replication-factor", "1", "--fail-on-drift");

        assertThat(second.exitCode).isZero();
        assertThat(second.out).contains("topics: 0 created, 5 as defined, 0 drifted").doesNotContain("DRIFT");
    }

    @Test
    void reportsDriftOfExistingTopicAndLeavesItAlone() throws Exception {
        kafka.createTopic(new NewTopic(rareProcesses, 1, (short) 1).configs(Map.of("cleanup.policy", "delete")));

        Run run = topics("--replication-factor", "1");

        assertThat(run.exitCode).as("drift is reported, not fatal, without --fail-on-drift").isZero();
        assertThat(run.out.lines().filter(line -> line.startsWith("DRIFT")))
                .anySatisfy(line -> assertThat(line).contains(rareProcesses, "partitions is 1, definition says 6"))
                .anySatisfy(line -> assertThat(line).contains(rareProcesses, "cleanup.policy is delete, definition says compact"));
        assertThat(run.out).contains("topics: 4 created, 0 as defined, 1 drifted");
        assertThat(partitions(rareProcesses)).isEqualTo(1);
        assertThat(config(rareProcesses, "cleanup.policy")).isEqualTo("delete");
    }

    @Test
    void failOnDriftTurnsDriftIntoExitCode3() {
        kafka.createTopic(new NewTopic(alerts, 2, (short) 1));

        Run run = topics("--replication-factor", "1", "--fail-on-drift");

        assertThat(run.exitCode).isEqualTo(TopicsCommand.DRIFT);
        assertThat(run.out).contains("DRIFT", alerts, "partitions is 2, definition says 6");
    }

    @Test
    void refusesReplicationAboveBrokerCountBeforeCreatingAnything() throws Exception {
        Run run = topics();

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("asks for replication 3 but the cluster has 1 broker(s)", "--replication-factor 1");
        try (Admin admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(input, alerts, rareProcesses, deadLetter);
        }
    }

    @Test
    void failsWithinTimeoutWhenClusterIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        long started = System.nanoTime();

        Run run = topicsAt("127.0.0.1:" + closedPort, "--timeout", "PT2S");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("within PT2S", "127.0.0.1:" + closedPort);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    private Run topics(String... options) {
        return topicsAt(kafka.bootstrapServers(), options);
    }

    private Run topicsAt(String bootstrap, String... options) {
        List<String> args = new ArrayList<>(List.of(
                "--set", "kafka.bootstrap.servers=" + bootstrap,
                "--set", "topic.input=" + input, "--set", "topic.alerts=" + alerts,
                "--set", "topic.rare-processes=" + rareProcesses, "--set", "topic.dead-letter=" + deadLetter,
                "--set", "topic.allowlist=" + allowlist));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new TopicsCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private int partitions(String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            return description.partitions().size();
        }
    }

    private String config(String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = kafka.admin()) {
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.get(key).value();
        }
    }

    private record Run(int exitCode, String out, String err) {
    }
}
