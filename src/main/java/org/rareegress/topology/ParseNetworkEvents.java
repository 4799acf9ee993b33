package org.rareegress.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.ReadSink;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;

/**
 * Node {@value Names#PARSE_NETWORK_EVENTS}: one raw record in, its events and its dead letters out.
 * Each event's record carries its event time as timestamp, so the repartition topic is in event time.
 */
final class ParseNetworkEvents implements Processor<byte[], byte[], byte[], Screened>, ReadSink {
    private final RecordReader reader;
    private final DetectorMetrics metrics;
    private final long ignoreAfter;
    private final java.util.Map<Integer, Long> endOffsets;
    private ProcessorContext<byte[], Screened> context;
    private Record<byte[], byte[]> current;

    ParseNetworkEvents(RecordReader reader, DetectorMetrics metrics, TopologyOptions options) {
        this.reader = reader;
        this.metrics = metrics;
        this.ignoreAfter = options.ignoreAfterNanos();
        this.endOffsets = options.endOffsets();
    }

    @Override
    public void init(ProcessorContext<byte[], Screened> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (!endOffsets.isEmpty() && pastEnd()) {
            return;
        }
        current = record;
        Header batch = record.headers().lastHeader(Names.FILE_BATCH_HEADER);
        if (batch == null) {
            metrics.recordRead();
            reader.read(record.value(), sourceOf(record), this);
        } else {
            String file = new String(batch.value(), StandardCharsets.UTF_8);
            LineBatch.forEach(record.value(), (number, bytes, offset, length) -> {
                metrics.recordRead();
                reader.read(java.util.Arrays.copyOfRange(bytes, offset, offset + length), SourceRef.file(file, number), this);
            });
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
        // The input's headers are not carried to the repartition topic: nothing downstream reads them.
        context.forward(new Record<>(current.key(), (Screened) new Screened.Event(event),
                Timestamps.toMillis(event.timestampNanos())));
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
        return context.recordMetadata()
                .map(ParseNetworkEvents::fromMetadata)
                .orElse(SourceRef.unknown());
    }

    private static SourceRef fromMetadata(RecordMetadata metadata) {
        return SourceRef.kafka(metadata.topic(), metadata.partition(), metadata.offset());
    }
}
