package org.rareegress.backtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.rareegress.config.Settings;
import org.rareegress.detect.HuntRow;
import org.rareegress.enrich.Enricher;
import org.rareegress.topology.DetectorMetrics;
import org.rareegress.topology.DetectorTopology;
import org.rareegress.topology.HuntTableView;
import org.rareegress.topology.LineBatch;
import org.rareegress.topology.Names;
import org.rareegress.topology.StreamsProperties;
import org.rareegress.topology.TopologyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's own topology over files, with no broker: {@link TopologyTestDriver} pipes each
 * line through the same nodes and stores a live run uses, so a backtest gives the alerts and the
 * table the live detector would have given on the same events in the same order.
 */
public final class Backtest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backtest.class);
    /** Lines a driver record holds at most: enough to amortize the driver's per-record commit. */
    private static final int BATCH_LINES = 512;
    private static final int BATCH_BYTES = 1 << 20;

    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> input;
    private final TestOutputTopic<String, byte[]> alerts;
    private final TestOutputTopic<String, byte[]> rows;
    private final TestOutputTopic<String, byte[]> deadLetters;
    private final DetectorMetrics metrics = new DetectorMetrics();
    private final HuntTableView tableView;
    private final Settings settings;
    private final Outputs outputs;
    private final Path stateDir;
    private final List<String> warnings = new ArrayList<>();
    private final LineBatch batch = new LineBatch();
    private String batchFile;

    /** Where the backtest's outputs go as they appear; each method receives one JSON document. */
    public interface Outputs {
        void alert(byte[] json);

        default void rowChange(String process, byte[] jsonOrNull) {
        }

        default void deadLetter(byte[] json) {
        }
    }

    public Backtest(Settings settings, Enricher enricher, Clock clock, long asOfNanos, Outputs outputs) {
        this(settings, enricher, clock, TopologyOptions.backtest(asOfNanos), outputs);
    }

    /** With other topology options: {@code bench} runs the live stores (RocksDB) through the driver to size them. */
    public Backtest(Settings settings, Enricher enricher, Clock clock, TopologyOptions options, Outputs outputs) {
        this.settings = settings;
        this.outputs = outputs;
        this.tableView = new HuntTableView(settings.detector(), enricher);
        try {
            this.stateDir = Files.createTempDirectory("rare-egress-backtest");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary state directory", e);
        }
        Properties properties = StreamsProperties.of(settings, metrics);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId() + "-backtest");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // The driver has no broker and commits after every record it processes (a cycle per record of the
        // repartition topic): exactly-once would only add a mock transaction to each cycle, and nothing that
        // comes out depends on it. (Task idling is off for every run: see StreamsProperties.)
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        this.driver = new TopologyTestDriver(
                DetectorTopology.build(settings, metrics, enricher, options, clock),
                properties, Instant.EPOCH);
        this.input = driver.createInputTopic(settings.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
        this.alerts = driver.createOutputTopic(settings.topics().alerts(), new StringDeserializer(), new ByteArrayDeserializer());
        this.rows = driver.createOutputTopic(settings.topics().rareProcesses(), new StringDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = driver.createOutputTopic(settings.topics().deadLetter(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Feeds every line of a JSON-lines file, or every row of a CSV export, plain or gzip. A gzip file
     * cut short is read up to where it ends, with a warning rather than a failure.
     */
    public void feed(Path file) throws IOException {
        String name = file.toString();
        boolean truncated;
        boolean csv = CsvInput.isCsv(file);
        if (csv) {
            truncated = CsvInput.read(file, settings.input().maxRecordBytes(), new CsvInput.RowConsumer() {
                @Override
                public void row(byte[] json, long line) {
                    feed(json, 0, json.length, name, line);
                }

                @Override
                public void unreadable(String reason, byte[] raw, long line) {
                    feedUnreadable(raw, reason, name, line);
                }
            });
        } else {
            truncated = LineReader.read(file, settings.input().maxRecordBytes(),
                    (buffer, offset, length, number) -> feed(buffer, offset, length, name, number));
        }
        flushBatch();
        if (truncated) {
            String warning = name + (csv ? CsvInput.INPUT_LOST : ": the gzip stream ends early (unexpected end of file, "
                    + "no trailer); every line up to that point was read, the last one may be incomplete");
            LOG.warn("{}", warning);
            warnings.add(warning);
        }
    }

    /** Problems with the input files that did not stop the backtest (a truncated gzip file). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Input the file reader could not turn into a record: to the dead letters, with its reason, in input order. */
    void feedUnreadable(byte[] raw, String reason, String file, long line) {
        flushBatch();
        // The batch was just emptied: it carries this one line (a new one would allocate its 1 MiB buffer).
        batch.add(line, raw, 0, raw.length);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Names.FILE_BATCH_HEADER, file.getBytes(StandardCharsets.UTF_8));
        headers.add(Names.SOURCE_ERROR_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        input.pipeInput(new TestRecord<>(null, batch.drain(), headers, 0L));
        drain();
    }

    /** Feeds one raw record, naming its source line so alerts can point back at it. */
    public void feed(byte[] record, String file, long line) {
        feed(record, 0, record.length, file, line);
        flushBatch();
    }

    private void feed(byte[] buffer, int offset, int length, String file, long line) {
        if (!file.equals(batchFile)) {
            flushBatch();
            batchFile = file;
        }
        batch.add(line, buffer, offset, length);
        if (batch.lines() >= BATCH_LINES || batch.bytes() >= BATCH_BYTES) {
            flushBatch();
        }
    }

    private void flushBatch() {
        if (batch.lines() == 0) {
            return;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(Names.FILE_BATCH_HEADER, batchFile.getBytes(StandardCharsets.UTF_8));
        input.pipeInput(new TestRecord<>(null, batch.drain(), headers, 0L));
        drain();
    }

    /** Hands every output produced so far to {@link Outputs}. */
    public void drain() {
        while (!alerts.isEmpty()) {
            outputs.alert(alerts.readValue());
        }
        while (!rows.isEmpty()) {
            var record = rows.readRecord();
            outputs.rowChange(record.key(), record.value());
        }
        while (!deadLetters.isEmpty()) {
            outputs.deadLetter(deadLetters.readValue());
        }
    }

    /** The hunt table at {@code asOfNanos}, which must not lie before the newest kept event. */
    public List<HuntRow> table(long asOfNanos) {
        return HuntTableView.sorted(tableView.rows(driver.getKeyValueStore(Names.PROCESS_PREVALENCE_STORE), asOfNanos));
    }

    /** Every stored process state, as the bytes the store holds. */
    public void forEachProcessState(java.util.function.BiConsumer<String, byte[]> visitor) {
        org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store =
                driver.getKeyValueStore(Names.PROCESS_PREVALENCE_STORE);
        try (var all = store.all()) {
            all.forEachRemaining(entry -> visitor.accept(entry.key, entry.value));
        }
    }

    /** The directory of this driver's state stores (RocksDB files when the stores are persistent). */
    public Path stateDirectory() {
        return stateDir;
    }

    public DetectorMetrics metrics() {
        return metrics;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        flushBatch();
        drain();
        driver.close();
        deleteQuietly(stateDir);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is not worth failing a backtest for.
        }
    }
}
