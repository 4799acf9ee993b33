package org.rareegress.backtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.rareegress.config.Settings;
import org.rareegress.detect.HuntRow;
import org.rareegress.enrich.Enricher;
import org.rareegress.topology.DetectorMetrics;
import org.rareegress.topology.DirectPipeline;
import org.rareegress.topology.HuntTableView;
import org.rareegress.topology.LineBatch;
import org.rareegress.topology.Names;
import org.rareegress.topology.TopologyOptions;
import org.rareegress.order.FileSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's own topology over files, with no broker: {@link DirectPipeline} calls the same processors,
 * with stores of the same names, that a live run's topology runs. Each input file is one source of event-time
 * order (as each partition is in a live run), and several files are merged by event time, so a backtest
 * gives the alerts and the table that {@code run} or {@code replay} give over the same events in any
 * number of partitions.
 */
public final class Backtest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backtest.class);

    private final DirectPipeline pipeline;
    private final DetectorMetrics metrics = new DetectorMetrics();
    private final HuntTableView tableView;
    private final Settings settings;
    private final FileSources files = new FileSources();
    private final List<String> warnings = new ArrayList<>();
    private final LineBatch batch = new LineBatch();
    private String batchFile;
    private boolean finished;
    private long offset;

    /** Where the backtest's outputs go as they appear; each method receives one JSON document. */
    public interface Outputs {
        void alert(byte[] json);

        default void rowChange(String process, byte[] jsonOrNull) {
        }

        default void deadLetter(byte[] json) {
        }
    }

    public Backtest(Settings settings, Enricher enricher, Clock clock, long asOfNanos, Outputs outputs) {
        this.settings = settings;
        this.tableView = new HuntTableView(settings.detector(), enricher);
        this.pipeline = new DirectPipeline(settings, metrics, enricher, TopologyOptions.backtest(asOfNanos, files), clock,
                new DirectPipeline.Outputs() {
                    @Override
                    public void alert(String key, byte[] json) {
                        outputs.alert(json);
                    }

                    @Override
                    public void row(String key, byte[] jsonOrNull) {
                        outputs.rowChange(key, jsonOrNull);
                    }

                    @Override
                    public void deadLetter(String key, byte[] json) {
                        outputs.deadLetter(json);
                    }
                });
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
        pipeline.pipe(offset++, 0L, new byte[0], headers);
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
        pipeline.pipe(offset++, 0L, packed, headers);
    }

    /** Outputs are handed to {@link Outputs} as they appear; kept for callers that still drain. */
    public void drain() {
    }

    /** The hunt table at {@code asOfNanos}, which must not lie before the newest kept event. */
    public List<HuntRow> table(long asOfNanos) {
        return HuntTableView.sorted(tableView.rows(pipeline.store(Names.PROCESS_PREVALENCE_STORE), asOfNanos));
    }

    /** Every stored process state, as the bytes the store holds. */
    public void forEachProcessState(java.util.function.BiConsumer<String, byte[]> visitor) {
        org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store =
                pipeline.store(Names.PROCESS_PREVALENCE_STORE);
        try (var all = store.all()) {
            all.forEachRemaining(entry -> visitor.accept(entry.key, entry.value));
        }
    }

    public DetectorMetrics metrics() {
        return metrics;
    }

    public Settings settings() {
        return settings;
    }

    /** Finishes the input if that was not done and hands the last outputs on. State is in memory: nothing is left behind. */
    @Override
    public void close() {
        try {
            finish();
        } finally {
            pipeline.close();
        }
    }
}
