package org.rareegress.topology;

import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.EarlyDrop;
import org.rareegress.event.InputSettings;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.ReadSink;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;
import org.rareegress.event.read.ProcessCreationTable;
import org.rareegress.event.read.ProcessCreations;

/**
 * Node {@value Names#PARSE_NETWORK_EVENTS}: one raw record in, its events and its dead letters out.
 * Each event's record keeps the input record's timestamp; event time travels in the event itself.
 * Stateful for one format: Sysmon process creations are remembered in {@value Names#SYSMON_PROCESS_STORE}
 * to join the network events of their process (no waiting: a creation precedes its process's connections).
 * The run modes are not its business: a replay's end offsets wrap it ({@link StopAtEndOffsets}), a backtest's
 * {@code --as-of} wraps its reader ({@link SkipAfterAsOf}) and its file batches are read by {@link FileBatches}.
 */
final class ParseNetworkEvents implements Processor<byte[], byte[], byte[], Screened>, ReadSink {
    private final Function<ProcessCreations, RecordReader> readerFactory;
    private final InputSettings input;
    private final DetectorMetrics metrics;
    /** A backtest's file batches; null for a live run or a replay, whose records are read as they are. */
    private final FileBatches batches;
    private RecordReader reader;
    private ProcessorContext<byte[], Screened> context;
    private Record<byte[], byte[]> current;
    /** The run of rows dropped early since the last message forwarded: forwarded as one before anything else. */
    private final int[] droppedByClause = new int[EarlyDrop.Clause.values().length];
    private int droppedCount;
    private long droppedNewest = Long.MIN_VALUE;
    private SourceRef droppedFirst;

    ParseNetworkEvents(Function<ProcessCreations, RecordReader> readerFactory, InputSettings input,
                       DetectorMetrics metrics, FileBatches batches) {
        this.readerFactory = readerFactory;
        this.input = input;
        this.metrics = metrics;
        this.batches = batches;
    }

    @Override
    public void init(ProcessorContext<byte[], Screened> context) {
        this.context = context;
        KeyValueStore<Bytes, byte[]> store = context.getStateStore(Names.SYSMON_PROCESS_STORE);
        this.reader = readerFactory.apply(new ProcessCreationTable(new StoreBackedOrderedStore(store),
                input.sysmonProcessTtl(), input.sysmonProcessMaxEntries()));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        // Drops counted for a record whose processing failed are not this record's (that one is read again).
        clearDropped();
        current = record;
        if (batches == null || !batches.read(record, context, reader, this)) {
            metrics.recordRead();
            reader.read(record.value(), sourceOf(record), this);
        }
        forwardDropped();
        current = null;
    }

    @Override
    public void event(NetworkEvent event) {
        forwardDropped();
        metrics.eventRead(event.timestampNanos());
        // The input's headers are not carried to the repartition topic: nothing downstream reads them.
        // The record keeps the INPUT record's timestamp, never the event time: brokers reject CreateTime
        // records stamped more than log.message.timestamp.after.max.ms (1 h by default) ahead, so an event
        // from the future would fail the repartition write and stop the task. Event time rides in the value.
        context.forward(new Record<>(current.key(), (Screened) new Screened.Event(event), current.timestamp()));
    }

    @Override
    public void dropped(long timestampNanos, SourceRef source, EarlyDrop.Clause clause) {
        if (droppedCount == 0) {
            droppedFirst = source;
        }
        droppedCount++;
        droppedByClause[clause.ordinal()]++;
        droppedNewest = Math.max(droppedNewest, timestampNanos);
    }

    /** Forwards the run of early-dropped rows, if any, as one message (order with everything else is kept). */
    private void forwardDropped() {
        if (droppedCount == 0) {
            return;
        }
        metrics.eventsRead(droppedCount, droppedNewest);
        context.forward(new Record<>(current.key(),
                (Screened) new Screened.Dropped(droppedNewest, droppedFirst, droppedByClause.clone()), current.timestamp()));
        clearDropped();
    }

    private void clearDropped() {
        java.util.Arrays.fill(droppedByClause, 0);
        droppedCount = 0;
        droppedNewest = Long.MIN_VALUE;
        droppedFirst = null;
    }

    @Override
    public void reject(DeadLetter deadLetter) {
        forwardDropped();
        metrics.countRejected();
        context.forward(current.withValue(new Screened.Rejected(deadLetter)));
    }

    @Override
    public void skip(String what) {
        metrics.countSkipped();
    }

    @Override
    public void deadLettersSuppressed(long count) {
        metrics.countDeadLettersSuppressed(count);
    }

    private SourceRef sourceOf(Record<byte[], byte[]> record) {
        return sourceOf(context);
    }

    /** Where the record being processed came from: its topic, partition and offset. */
    static SourceRef sourceOf(ProcessorContext<?, ?> context) {
        return context.recordMetadata()
                .map(ParseNetworkEvents::fromMetadata)
                .orElse(SourceRef.unknown());
    }

    private static SourceRef fromMetadata(RecordMetadata metadata) {
        return SourceRef.kafka(metadata.topic(), metadata.partition(), metadata.offset());
    }
}
