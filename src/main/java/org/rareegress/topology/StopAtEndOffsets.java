package org.rareegress.topology;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A replay's node {@value Names#PARSE_NETWORK_EVENTS}: the live {@link ParseNetworkEvents} up to the end offsets taken
 * when the replay started, however the topic grows. A partition that reaches its end reports it once, so that it stops
 * holding the watermark back; its records from there on are not read.
 */
final class StopAtEndOffsets implements Processor<byte[], byte[], byte[], Screened> {
    private final Processor<byte[], byte[], byte[], Screened> parse;
    /** Input partition to the first offset NOT to process (one entry per partition). */
    private final Map<Integer, Long> endOffsets;
    /** The partitions whose end offset has been reached (each reports that once). */
    private final Set<Integer> ended = new HashSet<>();
    private ProcessorContext<byte[], Screened> context;

    StopAtEndOffsets(Processor<byte[], byte[], byte[], Screened> parse, Map<Integer, Long> endOffsets) {
        this.parse = parse;
        this.endOffsets = endOffsets;
    }

    @Override
    public void init(ProcessorContext<byte[], Screened> context) {
        this.context = context;
        parse.init(context);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (pastEnd()) {
            reportEnd(record);
            return;
        }
        parse.process(record);
        if (atEnd()) {
            reportEnd(record);
        }
    }

    @Override
    public void close() {
        parse.close();
    }

    /** A replay's partition has reached its end offset: it stops holding the watermark back. */
    private void reportEnd(Record<byte[], byte[]> record) {
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(0);
        if (ended.add(partition)) {
            context.forward(new Record<>(record.key(), (Screened) new Screened.SourceFinished(partition), record.timestamp()));
        }
    }

    /** A replay processes its input up to the end offsets taken at its start, nothing after. */
    private boolean pastEnd() {
        return context.recordMetadata()
                .map(meta -> meta.offset() >= endOffsets.getOrDefault(meta.partition(), 0L))
                .orElse(false);
    }

    /** The record just read was the last one before the end offset. */
    private boolean atEnd() {
        return context.recordMetadata()
                .map(meta -> meta.offset() + 1 >= endOffsets.getOrDefault(meta.partition(), 0L))
                .orElse(false);
    }
}
