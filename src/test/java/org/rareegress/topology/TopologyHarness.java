package org.rareegress.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.enrich.Enricher;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;

/**
 * The live topology (RocksDB stores, changelogs) under {@link TopologyTestDriver}, fed raw JSON
 * records as a Kafka topic would deliver them, with its three outputs read back as JSON, each checked against
 * its schema (schemas/).
 *
 * <p>Kept events wait for the event-time watermark. Every read of an output first lets the input go
 * quiet ({@link #settle()}): the wall clock moves past {@code input.idle-timeout}, the one partition
 * reports idle, and everything held is processed, as it is when a live partition stops delivering.
 */
final class TopologyHarness implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    final Settings settings;
    final DetectorMetrics metrics = new DetectorMetrics();
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> input;
    private final TestInputTopic<String, String> allowlist;
    private final TestOutputTopic<String, byte[]> alerts;
    private final TestOutputTopic<String, byte[]> rows;
    private final TestOutputTopic<String, byte[]> deadLetters;
    private final Map<String, JsonNode> table = new TreeMap<>();
    private final boolean fileBatches;
    private final List<String> tableChanges = new ArrayList<>();

    TopologyHarness(Path stateDir, String... overrides) {
        this(stateDir, TopologyOptions.live(), overrides);
    }

    TopologyHarness(Path stateDir, TopologyOptions options, String... overrides) {
        this(stateDir, options, Enricher.none(), overrides);
    }

    /** With the given enricher: a test's way to make a processor fail on chosen records. */
    TopologyHarness(Path stateDir, TopologyOptions options, Enricher enricher, String... overrides) {
        settings = SettingsLoader.load(null, Map.of(), List.of(overrides));
        fileBatches = options.fileBatches();
        Properties properties = StreamsProperties.of(settings, metrics);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                DetectorTopology.build(settings, metrics, enricher, options, CLOCK), properties);
        input = driver.createInputTopic(settings.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
        allowlist = driver.createInputTopic(settings.topics().allowlist(), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer());
        alerts = driver.createOutputTopic(settings.topics().alerts(), new StringDeserializer(), new ByteArrayDeserializer());
        rows = driver.createOutputTopic(settings.topics().rareProcesses(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(settings.topics().deadLetter(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    TopologyHarness send(String... records) {
        for (String record : records) {
            input.pipeInput(new TestRecord<>(null, record.getBytes(StandardCharsets.UTF_8)));
        }
        return this;
    }

    /** One record with the given Kafka timestamp, as a broker with LogAppendTime stamps it on arrival. */
    TopologyHarness sendAt(Instant recordTime, String record) {
        input.pipeInput(new TestRecord<>(null, record.getBytes(StandardCharsets.UTF_8), recordTime));
        return this;
    }

    /**
     * Lets the input go quiet: a live partition caught up and silent for {@code input.idle-timeout} reports
     * idle (the first punctuation reports its progress, the next finds it caught up, the one after confirms it
     * idle as of the one before less a second: so they are two seconds apart, to date the confirmation after
     * the first report); a backtest's files end.
     * Either way every held event is processed. Later input makes the source active again.
     */
    TopologyHarness settle() {
        if (fileBatches) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(Names.SOURCE_FINISHED_HEADER, new byte[0]);
            input.pipeInput(new TestRecord<>(null, new byte[0], headers, CLOCK.instant()));
        } else {
            driver.advanceWallClockTime(settings.input().idleTimeout().plusSeconds(1));
            driver.advanceWallClockTime(java.time.Duration.ofSeconds(2));
            driver.advanceWallClockTime(java.time.Duration.ofSeconds(2));
        }
        return this;
    }

    /** Kafka timestamps of the alerts and table records published since the last read of each. */
    List<Instant> outputTimestamps() {
        settle();
        List<Instant> stamps = new ArrayList<>();
        alerts.readRecordsToList().forEach(record -> {
            alert(record.value());
            stamps.add(record.getRecordTime());
        });
        rows.readRecordsToList().forEach(record -> {
            if (record.value() != null) {
                OutputSchemas.assertValid(Kind.HUNT_ROW, record.value());
            }
            stamps.add(record.getRecordTime());
        });
        return stamps;
    }

    /** One record with one header, as any producer to the input topic can send it. */
    TopologyHarness sendWithHeader(String header, String headerValue, byte[] record) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(header, headerValue.getBytes(StandardCharsets.UTF_8));
        input.pipeInput(new TestRecord<>(null, record, headers, CLOCK.instant()));
        return this;
    }

    /** One record of the allowlist topic: a rule under its key, or a tombstone when {@code json} is null. */
    TopologyHarness allow(String ruleId, String json) {
        allowlist.pipeInput(ruleId, json);
        return this;
    }

    /** The global allowlist store as the detector holds it. */
    KeyValueStore<String, byte[]> allowlistStore() {
        return driver.getKeyValueStore(Names.ALLOWLIST_STORE);
    }

    TopologyHarness sendBytes(byte[] record) {
        input.pipeInput(new TestRecord<>(null, record));
        return this;
    }

    /** Alerts published since the last call. */
    List<JsonNode> alerts() {
        settle();
        List<JsonNode> read = new ArrayList<>();
        alerts.readValuesToList().forEach(value -> read.add(alert(value)));
        return read;
    }

    /** The table topic as a compacted view (latest value per process, tombstones removing). */
    Map<String, JsonNode> table() {
        drainRows();
        return new TreeMap<>(table);
    }

    /** Every table-topic record so far as "process=upsert" or "process=tombstone", in order. */
    List<String> tableChanges() {
        drainRows();
        return List.copyOf(tableChanges);
    }

    List<JsonNode> deadLetters() {
        settle();
        List<JsonNode> read = new ArrayList<>();
        deadLetters.readValuesToList().forEach(value -> read.add(OutputSchemas.assertValid(Kind.DEAD_LETTER, value)));
        return read;
    }

    List<String> deadLetterKeys() {
        settle();
        List<String> keys = new ArrayList<>();
        deadLetters.readKeyValuesToList().forEach(kv -> {
            OutputSchemas.assertValid(Kind.DEAD_LETTER, kv.value);
            keys.add(kv.key);
        });
        return keys;
    }

    private void drainRows() {
        settle();
        while (!rows.isEmpty()) {
            var record = rows.readRecord();
            if (record.value() == null) {
                table.remove(record.key());
                tableChanges.add(record.key() + "=tombstone");
            } else {
                table.put(record.key(), OutputSchemas.assertValid(Kind.HUNT_ROW, record.value()));
                tableChanges.add(record.key() + "=upsert");
            }
        }
    }

    /** An alert as JSON, checked against the schema of the configured alert.format. */
    private JsonNode alert(byte[] bytes) {
        return OutputSchemas.assertValid(Kind.alert(settings.alertFormat()), bytes);
    }

    /** The process-prevalence store, to read states back or plant a damaged one. */
    KeyValueStore<String, byte[]> processStore() {
        return driver.getKeyValueStore(Names.PROCESS_PREVALENCE_STORE);
    }

    /** The tracker-bounds store: the index of processes by last-seen time, their count, the storm window. */
    KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> boundsStore() {
        return driver.getKeyValueStore(Names.TRACKER_BOUNDS_STORE);
    }

    @Override
    public void close() {
        driver.close();
    }

    static Path tempDir() throws IOException {
        return Files.createTempDirectory("rare-egress-topology-test");
    }
}
