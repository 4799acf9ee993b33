package org.rareegress.topology;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.rareegress.codec.CandidateCodec;
import org.rareegress.codec.OutputJson;
import org.rareegress.detect.Alert;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.RawSlice;
import org.rareegress.event.SourceRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net under every processor: an exception no reader or filter foresaw becomes a dead letter
 * in the detector's own JSON ({@code Reason} "processing failed: class: message", {@code Source} the
 * record being processed, the raw bytes when Kafka still holds them), is counted, and processing
 * resumes with the next record. Without it one such record stops the detector, and since its offset is
 * never committed, every restart fails on it again.
 *
 * <p>What still fails, on purpose: any {@link KafkaException} (a state store that cannot be read or
 * written, a store closed under us, a send that already failed, a fenced producer). Those say nothing
 * about one record; they say the task cannot work. Skipping would dead-letter every later record too,
 * a detector that looks alive while detecting nothing, and resuming past a failed store write would let
 * the state diverge from its changelog. Failing stops the client, so /live turns red and the orchestrator
 * restarts it, and an operator sees the cause. Kafka itself never passes TaskMigrated or TaskCorrupted
 * here. (A process state that cannot be decoded never gets here: {@link TrackProcessPrevalence} discards
 * it, loudly and counted, and the process starts afresh.)
 *
 * <p>Resuming means the failed node's work for that record stops where it threw: outputs forwarded
 * before the exception stay, later ones for that record are not produced.
 */
public final class DeadLetterOnProcessingError implements ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOnProcessingError.class);

    private String deadLetterTopic;
    private int maxBytes = OutputSizeGuard.DEFAULT_MAX_REQUEST_SIZE;
    private DetectorMetrics metrics = new DetectorMetrics();

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsProperties.DEAD_LETTER_TOPIC);
        if (topic == null) {
            throw new IllegalArgumentException(StreamsProperties.DEAD_LETTER_TOPIC + " is not set");
        }
        deadLetterTopic = topic.toString();
        // The dead letter goes through the same producer: it must fit, or a send refused under
        // exactly-once would abort the transaction after all (the raw content is then left out).
        maxBytes = new OutputSizeGuard(OutputSizeGuard.maxRequestSize(configs)).limit();
        if (configs.get(StreamsProperties.METRICS) instanceof DetectorMetrics shared) {
            metrics = shared;
        }
    }

    /** The dead letter's reason for an exception no check foresaw. */
    static String reason(Exception exception) {
        return "processing failed: " + exception.getClass().getName() + ": " + exception.getMessage();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof KafkaException) {
            LOG.error("Processing failed in {} on {}-{}@{}; not a problem of one record, stopping", context.processorNodeId(),
                    context.topic(), context.partition(), context.offset(), exception);
            return Response.fail();
        }
        SourceRef source = SourceRef.kafka(context.topic(), context.partition(), context.offset());
        byte[] raw = context.sourceRawValue() == null ? new byte[0] : context.sourceRawValue();
        // Past the event-time order, the record Kafka was processing is whatever released the event (often a
        // progress report): the dead letter names the event, or the output, the node actually failed on.
        Object value = record == null ? null : record.value();
        if (value instanceof Ordered.Event event) {
            source = event.candidate().source();
            raw = CandidateCodec.encode(event.candidate());
        } else if (value instanceof DetectorOutput.AlertOut out) {
            source = sourceOf(out.alert().source(), source);
            raw = OutputJson.toBytes(out.alert());
        } else if (value instanceof DetectorOutput.StormOut out) {
            raw = OutputJson.toBytes(out.storm());
        } else if (value instanceof DetectorOutput.RowOut out && out.row() != null) {
            raw = OutputJson.toBytes(out.row());
        }
        String reason = reason(exception);
        byte[] key = source.toString().getBytes(StandardCharsets.UTF_8);
        byte[] json = OutputJson.deadLetter(new DeadLetter(reason, source, RawSlice.of(raw)), maxBytes - key.length);
        metrics.countProcessingError();
        metrics.countRejected();
        LOG.warn("Processing failed in {} on {}; the record goes to {} and processing continues", context.processorNodeId(),
                source, deadLetterTopic, exception);
        Long timestamp = context.timestamp() >= 0 ? context.timestamp() : null;
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, timestamp, key, json)));
    }

    private static SourceRef sourceOf(Alert.Source trigger, SourceRef otherwise) {
        if (trigger == null) {
            return otherwise;
        }
        int index = trigger.index() == null ? 0 : trigger.index();
        if (trigger.topic() != null) {
            return SourceRef.kafka(trigger.topic(), trigger.partition(), trigger.offset()).withIndex(index);
        }
        return trigger.file() == null ? otherwise : SourceRef.file(trigger.file(), trigger.line()).withIndex(index);
    }
}
