package org.rareegress.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.RawSlice;
import org.rareegress.event.ReadSink;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;
import org.rareegress.order.SourceCatalog;

/**
 * A backtest's records on {@value Names#PARSE_NETWORK_EVENTS}: batches of file lines ({@value Names#FILE_BATCH_HEADER})
 * and the end of a file ({@value Names#SOURCE_FINISHED_HEADER}). Only a backtest's node has one: live and replay
 * records are read as they are, whatever their headers, since anyone who can write to the input topic can set one
 * and a forged batch would invent file coordinates.
 */
final class FileBatches {
    private final SourceCatalog sources;
    private final DetectorMetrics metrics;

    FileBatches(SourceCatalog sources, DetectorMetrics metrics) {
        this.sources = sources;
        this.metrics = metrics;
    }

    /**
     * Reads {@code record} when it is a batch of lines (each through {@code reader} into {@code sink}) or the end
     * of a file (forwarded as its source's end).
     *
     * @return false when it is neither: an ordinary record, for the caller to read
     */
    boolean read(Record<byte[], byte[]> record, ProcessorContext<byte[], Screened> context, RecordReader reader,
                 ReadSink sink) {
        Header batch = record.headers().lastHeader(Names.FILE_BATCH_HEADER);
        Header finished = record.headers().lastHeader(Names.SOURCE_FINISHED_HEADER);
        if (finished != null) {
            String file = new String(finished.value(), StandardCharsets.UTF_8);
            int source = file.isEmpty() ? Screened.SourceFinished.ALL : sources.sourceOf(SourceRef.file(file, 0));
            context.forward(new Record<>(record.key(), (Screened) new Screened.SourceFinished(source), record.timestamp()));
            return true;
        }
        if (batch == null) {
            return false;
        }
        readBatch(record, new String(batch.value(), StandardCharsets.UTF_8), context, reader, sink);
        return true;
    }

    private void readBatch(Record<byte[], byte[]> record, String file, ProcessorContext<byte[], Screened> context,
                           RecordReader reader, ReadSink sink) {
        Header error = record.headers().lastHeader(Names.SOURCE_ERROR_HEADER);
        String reason = error == null ? null : new String(error.value(), StandardCharsets.UTF_8);
        byte[] packed = record.value() == null ? new byte[0] : record.value();
        int[] lines = {0};
        try {
            LineBatch.forEach(packed, (number, bytes, offset, length) -> {
                lines[0]++;
                byte[] line = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
                SourceRef source = SourceRef.file(file, number);
                if (reason != null) {
                    sink.reject(new DeadLetter(reason, source, RawSlice.of(line)));
                    return;
                }
                try {
                    reader.read(line, source, sink);
                } catch (KafkaException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // What the processing exception handler does for a record, done per line: otherwise one
                    // line nobody foresaw would dead-letter the whole batch and leave its later lines unread.
                    metrics.countProcessingError();
                    sink.reject(new DeadLetter(DeadLetterOnProcessingError.reason(e), source, RawSlice.of(line)));
                }
            });
        } catch (LineBatch.CorruptBatchException e) {
            // The lines before the damage were read; what follows cannot be split into lines, so it
            // goes to the dead letters as one piece rather than stopping the run.
            lines[0]++;
            sink.reject(new DeadLetter(e.getMessage() + " (file " + file + ")", ParseNetworkEvents.sourceOf(context),
                    new RawSlice(packed, e.position(), packed.length - e.position())));
        } finally {
            // Counted once a batch: two threads parse a backtest's batches, and share the counter.
            metrics.recordsRead(lines[0]);
        }
    }
}
