package org.rareegress.topology;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.InputSettings;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.RawSlice;
import org.rareegress.event.ReadSink;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;
import org.rareegress.event.read.ProcessCreationTable;
import org.rareegress.event.read.ProcessCreations;
import org.rareegress.order.SourceCatalog;

/**
 * Node {@value Names#PARSE_NETWORK_EVENTS}: one raw record in, its events and its dead letters out.
 * Each event's record keeps the input record's timestamp; event time travels in the event itself.
 * Stateful for one format: Sysmon process creations are remembered in {@value Names#SYSMON_PROCESS_STORE}
 * to join the network events of their process (no waiting: a creation precedes its process's connections).
 * A replay's end offsets are not its business: {@link StopAtEndOffsets} wraps it for a replay.
 */
final class ParseNetworkEvents implements Processor<byte[], byte[], byte[], Screened>, ReadSink {
    private final Function<ProcessCreations, RecordReader> readerFactory;
    private final InputSettings input;
    private final DetectorMetrics metrics;
    private final long ignoreAfter;
    private final boolean fileBatches;
    private final SourceCatalog sources;
    private RecordReader reader;
    private ProcessorContext<byte[], Screened> context;
    private Record<byte[], byte[]> current;

    ParseNetworkEvents(Function<ProcessCreations, RecordReader> readerFactory, InputSettings input,
                       DetectorMetrics metrics, TopologyOptions options) {
        this.readerFactory = readerFactory;
        this.input = input;
        this.metrics = metrics;
        this.ignoreAfter = options.ignoreAfterNanos();
        this.fileBatches = options.fileBatches();
        this.sources = options.sources();
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
        current = record;
        // Live and replay records are read as they are, whatever their headers: anyone who can write
        // to the input topic can set one, and a forged batch would invent file coordinates.
        Header batch = fileBatches ? record.headers().lastHeader(Names.FILE_BATCH_HEADER) : null;
        Header finished = fileBatches ? record.headers().lastHeader(Names.SOURCE_FINISHED_HEADER) : null;
        if (finished != null) {
            String file = new String(finished.value(), StandardCharsets.UTF_8);
            int source = file.isEmpty() ? Screened.SourceFinished.ALL : sources.sourceOf(SourceRef.file(file, 0));
            context.forward(new Record<>(record.key(), (Screened) new Screened.SourceFinished(source), record.timestamp()));
        } else if (batch == null) {
            metrics.recordRead();
            reader.read(record.value(), sourceOf(record), this);
        } else {
            readBatch(record, new String(batch.value(), StandardCharsets.UTF_8));
        }
        current = null;
    }

    private void readBatch(Record<byte[], byte[]> record, String file) {
        Header error = record.headers().lastHeader(Names.SOURCE_ERROR_HEADER);
        String reason = error == null ? null : new String(error.value(), StandardCharsets.UTF_8);
        byte[] packed = record.value() == null ? new byte[0] : record.value();
        try {
            LineBatch.forEach(packed, (number, bytes, offset, length) -> {
                metrics.recordRead();
                byte[] line = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
                SourceRef source = SourceRef.file(file, number);
                if (reason != null) {
                    reject(new DeadLetter(reason, source, RawSlice.of(line)));
                    return;
                }
                try {
                    reader.read(line, source, this);
                } catch (KafkaException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // What the processing exception handler does for a record, done per line: otherwise one
                    // line nobody foresaw would dead-letter the whole batch and leave its later lines unread.
                    metrics.countProcessingError();
                    reject(new DeadLetter(DeadLetterOnProcessingError.reason(e), source, RawSlice.of(line)));
                }
            });
        } catch (LineBatch.CorruptBatchException e) {
            // The lines before the damage were read; what follows cannot be split into lines, so it
            // goes to the dead letters as one piece rather than stopping the run.
            metrics.recordRead();
            reject(new DeadLetter(e.getMessage() + " (file " + file + ")", sourceOf(record),
                    new RawSlice(packed, e.position(), packed.length - e.position())));
        }
    }

    @Override
    public void event(NetworkEvent event) {
        if (event.timestampNanos() > ignoreAfter) {
            metrics.countAfterAsOf();
            return;
        }
        metrics.eventRead(event.timestampNanos());
        // The input's headers are not carried to the repartition topic: nothing downstream reads them.
        // The record keeps the INPUT record's timestamp, never the event time: brokers reject CreateTime
        // records stamped more than log.message.timestamp.after.max.ms (1 h by default) ahead, so an event
        // from the future would fail the repartition write and stop the task. Event time rides in the value.
        context.forward(new Record<>(current.key(), (Screened) new Screened.Event(event), current.timestamp()));
    }

    @Override
    public void reject(DeadLetter deadLetter) {
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
        return context.recordMetadata()
                .map(ParseNetworkEvents::fromMetadata)
                .orElse(SourceRef.unknown());
    }

    private static SourceRef fromMetadata(RecordMetadata metadata) {
        return SourceRef.kafka(metadata.topic(), metadata.partition(), metadata.offset());
    }
}
