package org.rareegress.topology;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.config.InputSettings;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.ProcessCreationTable;
import org.rareegress.event.ProcessCreations;
import org.rareegress.event.RawSlice;
import org.rareegress.event.ReadSink;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;

/**
 * Node {@value Names#PARSE_NETWORK_EVENTS}: one raw record in, its events and its dead letters out.
 * Each event's record carries its event time as timestamp, so the repartition topic is in event time.
 * Stateful for one format: Sysmon process creations are remembered in {@value Names#SYSMON_PROCESS_STORE}
 * to join the network events of their process (no waiting: a creation precedes its process's connections).
 */
final class ParseNetworkEvents implements Processor<byte[], byte[], byte[], Screened>, ReadSink {
    private final Function<ProcessCreations, RecordReader> readerFactory;
    private final InputSettings input;
    private final DetectorMetrics metrics;
    private final long ignoreAfter;
    private final java.util.Map<Integer, Long> endOffsets;
    private RecordReader reader;
    private ProcessorContext<byte[], Screened> context;
    private Record<byte[], byte[]> current;

    ParseNetworkEvents(Function<ProcessCreations, RecordReader> readerFactory, InputSettings input,
                       DetectorMetrics metrics, TopologyOptions options) {
        this.readerFactory = readerFactory;
        this.input = input;
        this.metrics = metrics;
        this.ignoreAfter = options.ignoreAfterNanos();
        this.endOffsets = options.endOffsets();
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
        if (!endOffsets.isEmpty() && pastEnd()) {
            return;
        }
        metrics.recordRead();
        current = record;
        Header error = record.headers().lastHeader(Names.SOURCE_ERROR_HEADER);
        if (error != null) {
            reject(new DeadLetter(new String(error.value(), StandardCharsets.UTF_8), sourceOf(record),
                    RawSlice.of(record.value() == null ? new byte[0] : record.value())));
        } else {
            reader.read(record.value(), sourceOf(record), this);
        }
        current = null;
    }

    @Override
    public void event(NetworkEvent event) {
        if (event.timestampNanos() > ignoreAfter) {
            metrics.countAfterAsOf();
            return;
        }
        metrics.eventRead(event.timestampNanos());
        context.forward(current.withValue((Screened) new Screened.Event(event))
                .withTimestamp(Timestamps.toMillis(event.timestampNanos())));
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

    /** A replay processes its input up to the end offsets taken at its start, nothing after. */
    private boolean pastEnd() {
        return context.recordMetadata()
                .map(meta -> meta.offset() >= endOffsets.getOrDefault(meta.partition(), 0L))
                .orElse(false);
    }

    private SourceRef sourceOf(Record<byte[], byte[]> record) {
        Header file = record.headers().lastHeader(Names.SOURCE_FILE_HEADER);
        Header line = record.headers().lastHeader(Names.SOURCE_LINE_HEADER);
        if (file != null && line != null) {
            return SourceRef.file(new String(file.value(), StandardCharsets.UTF_8),
                    Long.parseLong(new String(line.value(), StandardCharsets.US_ASCII)));
        }
        return context.recordMetadata()
                .map(ParseNetworkEvents::fromMetadata)
                .orElse(SourceRef.unknown());
    }

    private static SourceRef fromMetadata(RecordMetadata metadata) {
        return SourceRef.kafka(metadata.topic(), metadata.partition(), metadata.offset());
    }
}
