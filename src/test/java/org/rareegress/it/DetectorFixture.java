package org.rareegress.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.rareegress.alert.AlertFormat;
import org.rareegress.codec.OutputJson;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.apache.kafka.clients.admin.NewTopic;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;
import org.rareegress.runtime.DetectorService;
import org.rareegress.runtime.ProcessingProgress;
import org.rareegress.runtime.topics.TopicDefinition;
import org.rareegress.runtime.topics.TopicDefinitions;
import org.rareegress.runtime.topics.TopicRole;

/**
 * One detector application on the shared test broker: its own application id and topics, settings
 * for each instance (own state directory, free HTTP port), and readers for its outputs.
 */
final class DetectorFixture {
    final TestKafka kafka;
    final String applicationId;
    final String input;
    final String alerts;
    final String table;
    final String deadLetter;
    final String allowlist;
    private final Path stateRoot;
    private final List<String> overrides;

    DetectorFixture(TestKafka kafka, Path stateRoot, int partitions, String... overrides) {
        this.kafka = kafka;
        this.stateRoot = stateRoot;
        this.applicationId = kafka.newTopicName("detector");
        this.input = create(TopicRole.INPUT, partitions);
        this.alerts = create(TopicRole.ALERTS, partitions);
        this.table = create(TopicRole.RARE_PROCESSES, partitions);
        this.deadLetter = create(TopicRole.DEAD_LETTER, partitions);
        this.allowlist = create(TopicRole.ALLOWLIST, 1);
        this.overrides = List.of(overrides);
    }

    /** A topic configured as the project's own definition of the role says, on one broker. */
    private String create(TopicRole role, int partitions) {
        TopicDefinition definition = TopicDefinitions.builtIn().stream()
                .filter(d -> d.role() == role).findFirst().orElseThrow().withReplicationFactor((short) 1);
        String name = kafka.newTopicName(role.fileName());
        kafka.createTopic(new NewTopic(name, partitions, (short) 1).configs(definition.configs()));
        return name;
    }

    /**
     * How long a caught-up partition stays quiet before it stops holding the watermark back: short, so that
     * the last events of a test's input (held for the watermark) are processed a moment after it ends.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);

    /** The settings of one instance: shared application id and topics, its own state and port. */
    List<String> settingsFor(String instance) {
        List<String> all = new ArrayList<>(List.of(
                "input.idle-timeout=" + IDLE_TIMEOUT,
                "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "kafka.application.id=" + applicationId,
                "kafka.state.dir=" + stateRoot.resolve(instance),
                "http.port=0",
                "http.probe-port=0",
                "topic.input=" + input,
                "topic.alerts=" + alerts,
                "topic.rare-processes=" + table,
                "topic.dead-letter=" + deadLetter,
                "topic.allowlist=" + allowlist));
        all.addAll(overrides);
        return all;
    }

    Settings settings(String instance) {
        return SettingsLoader.load(null, Map.of(), settingsFor(instance));
    }

    /** Starts {@code run} in a new JVM, as an orchestrator would, with these settings and its output in {@code log}. */
    static Process startRunProcess(List<String> settings, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.rareegress.Main", "run"));
        for (String setting : settings) {
            command.add("--set");
            command.add(setting);
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    void produce(List<KeyValue<String, String>> records) {
        kafka.produce(input, records);
    }

    /** Waits until the application has committed processing of everything now in its input. */
    void awaitProcessed(Duration timeout) throws Exception {
        awaitProcessed(timeout, null);
    }

    /**
     * As {@link #awaitProcessed(Duration)}, but fails at once when {@code detector} stops being alive
     * (ERROR, NOT_RUNNING) instead of waiting out the timeout for offsets that will never be committed.
     *
     * <p>Kept events wait for the watermark, and the last ones of an input are released only once every
     * partition has been quiet for {@link #IDLE_TIMEOUT} and confirmed so through the repartition topic (and,
     * after an instance restarted, once its tasks are back). So "done" is: the input committed to its end,
     * then rounds until two in a row leave the output topics as they were (one was not always enough after an
     * instance was killed: its open transactions hold the others back until they time out): each round waits for the repartition topic
     * to be committed as far as it was written, then {@link #IDLE_TIMEOUT} plus a margin (for confirmations
     * and what they release), then for the repartition topic again (so those outputs are committed).
     * Idle partitions keep confirming, so the repartition topic's end moves on and is never waited for itself.
     * This works for any number of instances, in this JVM or not.
     */
    void awaitProcessed(Duration timeout, DetectorService detector) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, Long> end = ProcessingProgress.endOffsetsOf(admin, input);
            ProcessingProgress progress = ProcessingProgress.of(admin, applicationId, end);
            Instant deadline = Instant.now().plus(timeout);
            awaitCondition(progress::inputCommitted, deadline, timeout, detector);
            int quietRounds = 0;
            while (quietRounds < 2) {
                awaitRepartitionCommitted(progress, deadline, timeout, detector);
                Map<TopicPartition, Long> outputsBefore = outputEnds(admin);
                Thread.sleep(IDLE_TIMEOUT.plusSeconds(3).toMillis());
                awaitRepartitionCommitted(progress, deadline, timeout, detector);
                quietRounds = outputEnds(admin).equals(outputsBefore) ? quietRounds + 1 : 0;
                if (quietRounds < 2 && Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the detector's outputs were still changing after " + timeout);
                }
            }
        }
    }

    /** Waits until the repartition topic is committed as far as it has been written now. */
    private static void awaitRepartitionCommitted(ProcessingProgress progress, Instant deadline, Duration timeout,
                                                  DetectorService detector) throws Exception {
        Map<TopicPartition, Long> written = progress.repartitionEnd();
        if (written != null) {
            awaitCondition(() -> progress.committedUpTo(written), deadline, timeout, detector);
        }
    }

    /** The end offsets of the alert, table and dead-letter topics. */
    private Map<TopicPartition, Long> outputEnds(Admin admin) throws Exception {
        Map<TopicPartition, Long> ends = new java.util.HashMap<>();
        for (String topic : List.of(alerts, table, deadLetter)) {
            ends.putAll(ProcessingProgress.endOffsetsOf(admin, topic));
        }
        return ends;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitCondition(Check check, Instant deadline, Duration timeout, DetectorService detector)
            throws Exception {
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the detector did not process its input within " + timeout);
            }
            if (detector != null && !detector.isAlive()) {
                throw new AssertionError("the detector stopped before processing its input: " + detector.state());
            }
            Thread.sleep(250);
        }
    }

    /** Committed alerts, in topic order per partition (one partition: total order), each checked against its schema. */
    List<JsonNode> alerts() {
        AlertFormat format = settings("reader").alertFormat();
        return kafka.readAll(alerts, IsolationLevel.READ_COMMITTED).stream().map(r -> alert(format, r.value())).toList();
    }

    /** The table topic as a compacted view: latest value per key, tombstones removing. */
    Map<String, JsonNode> table() {
        Map<String, JsonNode> view = new TreeMap<>();
        for (ConsumerRecord<String, String> record : kafka.readAll(table, IsolationLevel.READ_COMMITTED)) {
            if (record.value() == null) {
                view.remove(record.key());
            } else {
                view.put(record.key(), row(record.value()));
            }
        }
        return view;
    }

    List<JsonNode> deadLetters() {
        return kafka.readAll(deadLetter, IsolationLevel.READ_COMMITTED).stream()
                .map(r -> OutputSchemas.assertValid(Kind.DEAD_LETTER, r.value().getBytes(StandardCharsets.UTF_8))).toList();
    }

    /** An alert (a record value or a line of an alerts file), checked against the schema of {@code format}. */
    static JsonNode alert(AlertFormat format, String text) {
        return OutputSchemas.assertValid(Kind.alert(format), text.getBytes(StandardCharsets.UTF_8));
    }

    /** A native alert, checked against schemas/alert.schema.json. */
    static JsonNode alert(String text) {
        return alert(AlertFormat.NATIVE, text);
    }

    /** A page of GET /rare-processes: a JSON array of rows, each checked against its schema. */
    static JsonNode rows(String body) {
        JsonNode page = json(body);
        page.forEach(row -> OutputSchemas.assertValid(Kind.HUNT_ROW, row));
        return page;
    }

    /** A hunt-table row (a record value, a report line, an element of GET /rare-processes), checked against its schema. */
    static JsonNode row(String text) {
        return OutputSchemas.assertValid(Kind.HUNT_ROW, text.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(String text) {
        try {
            return OutputJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Alerts without their Source, which names a topic offset in a run and a file line in a backtest. */
    static List<JsonNode> withoutSource(List<JsonNode> alerts) {
        return alerts.stream().map(alert -> {
            ObjectNode copy = alert.deepCopy();
            copy.remove("Source");
            return (JsonNode) copy;
        }).toList();
    }

    static Properties properties(Map<String, Object> map) {
        Properties properties = new Properties();
        properties.putAll(map);
        return properties;
    }
}
