package org.rareegress.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.detect.OutputJson;
import org.apache.kafka.clients.admin.NewTopic;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;
import org.rareegress.runtime.DetectorService;
import org.rareegress.runtime.ProcessingProgress;
import org.rareegress.runtime.TopicDefinition;
import org.rareegress.runtime.TopicDefinitions;
import org.rareegress.runtime.TopicRole;

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
                "topic.dead-letter=" + deadLetter));
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
     * partition has been quiet for {@link #IDLE_TIMEOUT} and reported so through the repartition topic. So
     * "done" is: the input committed to its end; then, {@link #IDLE_TIMEOUT} plus a margin later (by then the
     * idle reports that release the last held events are written), the repartition topic committed up to its end
     * as of that moment: committed offsets that cover those reports cover the outputs of the events they released.
     * Not "committed up to the end, and still so a while later": idle partitions confirm at every tick (100 ms),
     * so the repartition topic grows for as long as the detector runs and its committed offset is seldom at its
     * end. This works for any number of instances, in this JVM or not.
     */
    void awaitProcessed(Duration timeout, DetectorService detector) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, Long> inputEnd = ProcessingProgress.endOffsetsOf(admin, input);
            if (inputEnd.values().stream().allMatch(end -> end == 0)) {
                return;
            }
            Await.until("the detector commits its input " + inputEnd, left(deadline, timeout), Duration.ofMillis(250),
                    () -> alive(detector) && committedUpTo(admin, inputEnd));
            Thread.sleep(IDLE_TIMEOUT.plusSeconds(3).toMillis());
            String repartition = applicationId + "-" + org.rareegress.topology.Names.REPARTITION_BY_PROCESS + "-repartition";
            Map<TopicPartition, Long> repartitionEnd = ProcessingProgress.endOffsetsOf(admin, repartition);
            Await.until("the detector commits its repartition topic up to " + repartitionEnd, left(deadline, timeout),
                    Duration.ofMillis(250), () -> alive(detector) && committedUpTo(admin, repartitionEnd));
        }
    }

    private static Duration left(long deadline, Duration timeout) {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.isNegative()) {
            throw new AssertionError("the detector did not process its input within " + timeout);
        }
        return left;
    }

    private static boolean alive(DetectorService detector) {
        if (detector != null && !detector.isAlive()) {
            throw new AssertionError("the detector stopped before processing its input: " + detector.state());
        }
        return true;
    }

    /** Whether the application's group has committed at least {@code end} on every partition with records. */
    private boolean committedUpTo(Admin admin, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            var offset = committed.get(partition.getKey());
            if (partition.getValue() > 0 && (offset == null || offset.offset() < partition.getValue())) {
                return false;
            }
        }
        return true;
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
