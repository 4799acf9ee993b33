package org.rareegress.backtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.rareegress.allow.AllowEvidence;
import org.rareegress.allow.AllowRule;
import org.rareegress.allow.Allowlist;
import org.rareegress.config.Settings;
import org.rareegress.detect.HuntRow;
import org.rareegress.enrich.Enricher;
import org.rareegress.event.InputFormat;
import org.rareegress.order.FileSources;
import org.rareegress.topology.DetectorMetrics;
import org.rareegress.topology.DirectDownstream;
import org.rareegress.topology.DirectPipeline;
import org.rareegress.topology.DirectUpstream;
import org.rareegress.topology.HuntTableView;
import org.rareegress.topology.LineBatch;
import org.rareegress.topology.Names;
import org.rareegress.topology.TopologyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's own topology over files, with no broker: the same processors, with stores of the same names,
 * that a live run's topology runs, called directly ({@link DirectUpstream}, {@link DirectDownstream}). Each input
 * file is one source of event-time order, read and parsed on threads of its own by its own reading task (as each
 * partition is in a live run); one stateful task merges them by event time. So a backtest gives the alerts and
 * the table that {@code run} or {@code replay} give over the same events in any number of partitions, and uses
 * more than one core.
 */
public final class Backtest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backtest.class);
    /**
     * Files read at once: each costs two threads and a few MiB of read-ahead. Merged by event time are the
     * files open together; a file opened later is a source from then on, and its events older than what was
     * already processed are out of order (processed at once, counted). A month of daily files given in date
     * order (as a shell sorts their names) is merged exactly.
     */
    static final int MAX_OPEN_FILES = 8;

    private final DetectorMetrics metrics = new DetectorMetrics();
    private final HuntTableView tableView;
    private final Settings settings;
    private final Allowlist allowlist;
    private final Clock clock;
    private final long asOfNanos;
    private final FileSources files = new FileSources();
    /** The reading task of records fed one at a time, and of the end of the input. */
    private final DirectUpstream upstream;
    private final DirectDownstream downstream;
    private final DirectPipeline.Outputs outputs;
    private final List<String> warnings = new ArrayList<>();
    private final LineBatch batch = new LineBatch();
    /** Read by another thread (progress); each batch adds its lines' bytes plus a few bytes a line of framing. */
    private final java.util.concurrent.atomic.LongAdder linesRead = new java.util.concurrent.atomic.LongAdder();
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
        this(settings, enricher, clock, asOfNanos, Allowlist.empty(), outputs);
    }

    /** With allowlist rules ({@code --allowlist}): alerts they match are counted, not written; rows are marked. */
    public Backtest(Settings settings, Enricher enricher, Clock clock, long asOfNanos, Allowlist allowlist,
                    Outputs outputs) {
        this.settings = settings;
        this.allowlist = allowlist;
        this.clock = clock;
        this.asOfNanos = asOfNanos;
        this.tableView = new HuntTableView(settings.detector(), enricher);
        this.outputs = new DirectPipeline.Outputs() {
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
        };
        TopologyOptions options = TopologyOptions.backtest(asOfNanos, files);
        this.upstream = new DirectUpstream(settings, metrics, options, clock);
        this.downstream = new DirectDownstream(settings, metrics, enricher, options, allowlist, this.outputs);
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
     * Feeds several files at once, each one source read and parsed on threads of its own, merged by event time:
     * the next batch of lines always comes from the open file read least far in event time, so files that cover
     * different periods are held in memory no longer than their overlap needs. Each file ends as a source when
     * it has been read, and the next file in the list is opened ({@link #MAX_OPEN_FILES} at a time). What is
     * taken next depends only on what was read, never on the threads' speed.
     */
    public void feed(List<Path> inputs) throws IOException {
        flushBatch();
        List<Path> waiting = new ArrayList<>(inputs);
        List<ParsedFeed> open = new ArrayList<>();
        Map<ParsedFeed, Long> newestRead = new HashMap<>();
        try {
            // Declared together, so that the first ones do not run ahead of the others opened with them.
            List<Path> first = new ArrayList<>(waiting.subList(0, Math.min(MAX_OPEN_FILES, waiting.size())));
            first.forEach(file -> files.declare(file.toString()));
            for (Path file : first) {
                open(file, open, newestRead);
            }
            waiting.removeAll(first);
            while (!open.isEmpty()) {
                ParsedFeed next = open.get(0);
                for (ParsedFeed feed : open) {
                    if (newestRead.get(feed) < newestRead.get(next)) {
                        next = feed;
                    }
                }
                ParsedFeed.Parsed parsed = next.take();
                DirectPipeline.deliver(parsed.batch(), downstream, outputs);
                linesRead.add(parsed.bytes());
                newestRead.put(next, parsed.newestRead());
                if (parsed.failure() != null) {
                    throw parsed.failure();
                }
                if (parsed.end() != null) {
                    open.remove(next);
                    next.close();
                    warnIfTruncated(next.file().toString(), parsed.end());
                    if (!waiting.isEmpty()) {
                        Path file = waiting.remove(0);
                        files.declare(file.toString());
                        open(file, open, newestRead);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the input", e);
        } finally {
            open.forEach(ParsedFeed::close);
        }
    }

    private void open(Path file, List<ParsedFeed> open, Map<ParsedFeed, Long> newestRead) {
        int source = files.declare(file.toString());
        ParsedFeed feed = new ParsedFeed(file, settings.input().maxRecordBytes(), source, parsingThreads(), () -> {
            FileSources.Reader view = files.reader();
            return new ParsedFeed.Worker.Task(
                    new DirectUpstream(settings, metrics, TopologyOptions.backtest(asOfNanos, view), clock), view);
        });
        open.add(feed);
        newestRead.put(feed, Long.MIN_VALUE);
    }

    /**
     * Parsing threads per file: two on a machine with more than one core, when no record of the format needs
     * another read before it (Sysmon network events join process creations read earlier; {@code auto} may meet
     * them), else one. Set {@code input.format} to the input's format for a faster backtest of Defender exports.
     */
    private int parsingThreads() {
        boolean inOrder = settings.input().format() == InputFormat.AUTO || settings.input().format() == InputFormat.SYSMON;
        return inOrder || Runtime.getRuntime().availableProcessors() < 2 ? 1 : 2;
    }

    private void warnIfTruncated(String name, FileFeed.End end) {
        if (end.truncated()) {
            String warning = name + (end.csv() ? CsvInput.INPUT_LOST : ": the gzip stream ends early (unexpected end of "
                    + "file, no trailer); every line up to that point was read, the last one may be incomplete");
            LOG.warn("{}", warning);
            warnings.add(warning);
        }
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
        RecordHeaders headers = new RecordHeaders();
        headers.add(Names.SOURCE_FINISHED_HEADER, new byte[0]);
        pipe(new byte[0], headers);
        finished = true;
    }

    private void flushBatch() {
        if (batch.lines() > 0) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(Names.FILE_BATCH_HEADER, batchFile.getBytes(StandardCharsets.UTF_8));
            pipe(batch.drain(), headers);
        }
    }

    private void pipe(byte[] value, RecordHeaders headers) {
        if (finished) {
            throw new IllegalStateException("the backtest's input has ended");
        }
        DirectPipeline.deliver(upstream.pipe(offset++, 0L, value, headers), downstream, outputs);
    }

    /** Outputs are handed to {@link Outputs} as they appear; kept for callers that still drain. */
    public void drain() {
    }

    /**
     * The hunt table at {@code asOfNanos}, which must not lie before the newest kept event; a row an allowlist rule
     * silences at that instant is marked with the rule.
     */
    public List<HuntRow> table(long asOfNanos) {
        List<HuntRow> rows = HuntTableView.sorted(tableView.rows(downstream.store(Names.PROCESS_PREVALENCE_STORE), asOfNanos));
        if (allowlist.isEmpty()) {
            return rows;
        }
        return rows.stream().map(row -> row.withAllowlistedBy(allowlist.firstMatch(AllowEvidence.of(row, asOfNanos))
                .map(AllowRule::ruleId).orElse(null))).toList();
    }

    /** Every stored process state, as the bytes the store holds. */
    public void forEachProcessState(java.util.function.BiConsumer<String, byte[]> visitor) {
        org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store = downstream.store(Names.PROCESS_PREVALENCE_STORE);
        try (var all = store.all()) {
            all.forEachRemaining(entry -> visitor.accept(entry.key, entry.value));
        }
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

    /** Finishes the input if that was not done and hands the last outputs on. State is in memory: nothing is left behind. */
    @Override
    public void close() {
        try {
            finish();
        } finally {
            downstream.close();
            upstream.close();
        }
    }
}
