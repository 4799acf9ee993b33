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
import org.rareegress.topology.StoreKind;
import org.rareegress.topology.StreamsProperties;
import org.rareegress.topology.TopologyOptions;
import org.rareegress.order.FileSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's own topology over files, with no broker: {@link TopologyTestDriver} pipes each
 * line through the same nodes and stores a live run uses. Each input file is one source of event-time
 * order (as each partition is in a live run), and several files are merged by event time, so a backtest
 * gives the alerts and the table that {@code run} or {@code replay} give over the same events in any
 * number of partitions.
 */
public final class Backtest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backtest.class);

    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> input;
    private final TestOutputTopic<String, byte[]> alerts;
    private final TestOutputTopic<String, byte[]> rows;
    private final TestOutputTopic<String, byte[]> deadLetters;
    private final TestOutputTopic<byte[], byte[]> repartition;
    private final DetectorMetrics metrics = new DetectorMetrics();
    private final HuntTableView tableView;
    private final Settings settings;
    private final Outputs outputs;
    private final Path stateDir;
    private final FileSources files = new FileSources();
    private final List<String> warnings = new ArrayList<>();
    private final LineBatch batch = new LineBatch();
    /** Read by another thread (progress); each batch adds its lines' bytes plus a few bytes a line of framing. */
    private final java.util.concurrent.atomic.LongAdder linesRead = new java.util.concurrent.atomic.LongAdder();
    private String batchFile;
    private boolean finished;

    /** Where the backtest's outputs go as they appear; each method receives one JSON document. */
    public interface Outputs {
        void alert(byte[] json);

        default void rowChange(String process, byte[] jsonOrNull) {
        }

        default void deadLetter(byte[] json) {
        }
    }

    public Backtest(Settings settings, Enricher enricher, Clock clock, long asOfNanos, Outputs outputs) {
        this(settings, enricher, clock, StoreKind.IN_MEMORY, asOfNanos, outputs);
    }

    /** With other stores: {@code bench} runs the live stores (RocksDB) through the driver to size them. */
    public Backtest(Settings settings, Enricher enricher, Clock clock, StoreKind stores, long asOfNanos,
                    Outputs outputs) {
        this.settings = settings;
        this.outputs = outputs;
        this.tableView = new HuntTableView(settings.detector(), enricher);
        try {
            this.stateDir = Files.createTempDirectory("rare-egress-backtest");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary state directory", e);
        }
        Properties properties = StreamsProperties.of(settings, metrics);
        String applicationId = settings.applicationId() + "-backtest";
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // The driver has no broker and commits after every record it processes (a cycle per record of the
        // repartition topic): exactly-once would only add a mock transaction to each cycle, and nothing that
        // comes out depends on it. (Task idling is off for every run: see StreamsProperties.)
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        TopologyOptions options = TopologyOptions.backtest(asOfNanos, files).withStores(stores);
        try {
            this.driver = new TopologyTestDriver(DetectorTopology.build(settings, metrics, enricher, options, clock),
                    properties, Instant.EPOCH);
        } catch (RuntimeException e) {
            deleteQuietly(stateDir);
            throw e;
        }
        this.input = driver.createInputTopic(settings.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
        this.alerts = driver.createOutputTopic(settings.topics().alerts(), new StringDeserializer(), new ByteArrayDeserializer());
        this.rows = driver.createOutputTopic(settings.topics().rareProcesses(), new StringDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = driver.createOutputTopic(settings.topics().deadLetter(), new StringDeserializer(), new ByteArrayDeserializer());
        // The driver keeps every record any node produces until it is read, the repartition topic's too:
        // reading them as they come keeps a backtest's memory independent of the size of its input.
        this.repartition = driver.createOutputTopic(applicationId + "-" + Names.REPARTITION_BY_PROCESS + "-repartition",
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Feeds every line of a JSON-lines file, or every row of a CSV export, plain or gzip, as one source
     * that ends with the file. A gzip file cut short is read up to where it ends, with a warning rather
     * than a failure.
     */
    public void feed(Path file) throws IOException {
        feed(List.of(file));
    }

    /**
     * Feeds several files at once, each one source, merged by event time: the next batch of lines always
     * comes from the file read least far in event time, so files that cover different periods are held
     * in memory no longer than their overlap needs. Each file ends as a source when it has been read.
     */
    public void feed(List<Path> inputs) throws IOException {
        flushBatch();
        List<FileFeed> open = new ArrayList<>();
        try {
            for (Path file : inputs) {
                files.declare(file.toString());
                open.add(new FileFeed(file, settings.input().maxRecordBytes()));
            }
            while (!open.isEmpty()) {
                FileFeed next = furthestBehind(open);
                if (!take(next)) {
                    open.remove(next);
                    next.close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the input", e);
        } finally {
            open.forEach(FileFeed::close);
        }
    }

    /** Pipes the next chunk of {@code feed}; false when the file has ended. */
    private boolean take(FileFeed feed) throws InterruptedException, IOException {
        String name = feed.file().toString();
        FileFeed.Chunk chunk = feed.take();
        if (chunk instanceof FileFeed.Lines lines) {
            linesRead.add(lines.packed().length);
            pipe(lines.packed(), name, null);
            return true;
        }
        if (chunk instanceof FileFeed.Unreadable unreadable) {
            pipe(unreadable.packed(), name, unreadable.reason());
            return true;
        }
        finishSource(name);
        if (chunk instanceof FileFeed.Failed failed) {
            throw failed.error();
        }
        FileFeed.End end = (FileFeed.End) chunk;
        if (end.truncated()) {
            String warning = name + (end.csv() ? CsvInput.INPUT_LOST : ": the gzip stream ends early (unexpected end of "
                    + "file, no trailer); every line up to that point was read, the last one may be incomplete");
            LOG.warn("{}", warning);
            warnings.add(warning);
        }
        return false;
    }

    private FileFeed furthestBehind(List<FileFeed> open) {
        FileFeed behind = open.get(0);
        for (FileFeed feed : open) {
            if (files.newestRead(files.declare(feed.file().toString()))
                    < files.newestRead(files.declare(behind.file().toString()))) {
                behind = feed;
            }
        }
        return behind;
    }

    /** Problems with the input files that did not stop the backtest (a truncated gzip file). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * Declares a source before its first record: from now on it holds the watermark back until it delivers
     * or {@link #finish()}es, so records fed for other sources wait for it.
     */
    public void declare(String file) {
        files.declare(file);
    }

    /** Feeds one raw record, naming its source line so alerts can point back at it; the file stays open as a source. */
    public void feed(byte[] record, String file, long line) {
        if (!file.equals(batchFile)) {
            flushBatch();
            batchFile = file;
            files.declare(file);
        }
        batch.add(line, record, 0, record.length);
        flushBatch();
    }

    /**
     * The end of the input: every source stops holding the watermark back, so every held event is
     * processed and stream time reaches the newest kept event. Nothing may be fed after it.
     */
    public void finish() {
        if (finished) {
            return;
        }
        flushBatch();
        finishSource("");
        finished = true;
    }

    private void finishSource(String file) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Names.SOURCE_FINISHED_HEADER, file.getBytes(StandardCharsets.UTF_8));
        input.pipeInput(new TestRecord<>(null, new byte[0], headers, 0L));
        drain();
    }

    private void flushBatch() {
        if (batch.lines() > 0) {
            pipe(batch.drain(), batchFile, null);
        }
    }

    private void pipe(byte[] packed, String file, String unreadableReason) {
        if (finished) {
            throw new IllegalStateException("the backtest's input has ended");
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(Names.FILE_BATCH_HEADER, file.getBytes(StandardCharsets.UTF_8));
        if (unreadableReason != null) {
            headers.add(Names.SOURCE_ERROR_HEADER, unreadableReason.getBytes(StandardCharsets.UTF_8));
        }
        input.pipeInput(new TestRecord<>(null, packed, headers, 0L));
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
        while (!repartition.isEmpty()) {
            repartition.readValue();
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

    /** Bytes of input lines taken from the files so far, as read (after gzip), for progress reports. */
    public long bytesRead() {
        return linesRead.sum();
    }

    public Settings settings() {
        return settings;
    }

    /** Finishes the input if that was not done, hands the last outputs on, and removes the temporary state. */
    @Override
    public void close() {
        try {
            finish();
            drain();
        } finally {
            try {
                driver.close();
            } finally {
                deleteQuietly(stateDir);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is not worth failing a backtest for.
        }
    }
}
